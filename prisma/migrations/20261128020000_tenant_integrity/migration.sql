-- Every child row shares its parent's organization: composite foreign keys on (organization_id, id).

-- DropIndex
DROP INDEX "inboxes_organization_id_id_idx";

-- CreateIndex
CREATE UNIQUE INDEX "inboxes_organization_id_id_key" ON "inboxes"("organization_id", "id");

-- DropIndex
DROP INDEX "webhooks_organization_id_id_idx";

-- CreateIndex
CREATE UNIQUE INDEX "webhooks_organization_id_id_key" ON "webhooks"("organization_id", "id");

-- DropIndex
DROP INDEX "events_organization_id_id_idx";

-- CreateIndex
CREATE UNIQUE INDEX "events_organization_id_id_key" ON "events"("organization_id", "id");

-- DropIndex
DROP INDEX "deliveries_organization_id_id_idx";

-- CreateIndex
CREATE UNIQUE INDEX "deliveries_organization_id_id_key" ON "deliveries"("organization_id", "id");

-- DropIndex
DROP INDEX "threads_organization_id_id_idx";

-- CreateIndex
CREATE UNIQUE INDEX "threads_organization_id_id_key" ON "threads"("organization_id", "id");

-- DropIndex
DROP INDEX "messages_organization_id_id_idx";

-- CreateIndex
CREATE UNIQUE INDEX "messages_organization_id_id_key" ON "messages"("organization_id", "id");

-- DropForeignKey
ALTER TABLE "deliveries" DROP CONSTRAINT "deliveries_webhook_id_fkey";

-- DropForeignKey
ALTER TABLE "deliveries" DROP CONSTRAINT "deliveries_event_id_fkey";

-- DropForeignKey
ALTER TABLE "delivery_attempts" DROP CONSTRAINT "delivery_attempts_delivery_id_fkey";

-- DropForeignKey
ALTER TABLE "threads" DROP CONSTRAINT "threads_inbox_id_fkey";

-- DropForeignKey
ALTER TABLE "messages" DROP CONSTRAINT "messages_inbox_id_fkey";

-- DropForeignKey
ALTER TABLE "messages" DROP CONSTRAINT "messages_thread_id_fkey";

-- DropForeignKey
ALTER TABLE "message_recipients" DROP CONSTRAINT "message_recipients_message_id_fkey";

-- AddForeignKey
ALTER TABLE "deliveries" ADD CONSTRAINT "deliveries_organization_id_webhook_id_fkey" FOREIGN KEY ("organization_id", "webhook_id") REFERENCES "webhooks"("organization_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "deliveries" ADD CONSTRAINT "deliveries_organization_id_event_id_fkey" FOREIGN KEY ("organization_id", "event_id") REFERENCES "events"("organization_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "delivery_attempts" ADD CONSTRAINT "delivery_attempts_organization_id_delivery_id_fkey" FOREIGN KEY ("organization_id", "delivery_id") REFERENCES "deliveries"("organization_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "threads" ADD CONSTRAINT "threads_organization_id_inbox_id_fkey" FOREIGN KEY ("organization_id", "inbox_id") REFERENCES "inboxes"("organization_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "messages" ADD CONSTRAINT "messages_organization_id_inbox_id_fkey" FOREIGN KEY ("organization_id", "inbox_id") REFERENCES "inboxes"("organization_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "messages" ADD CONSTRAINT "messages_organization_id_thread_id_fkey" FOREIGN KEY ("organization_id", "thread_id") REFERENCES "threads"("organization_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "message_recipients" ADD CONSTRAINT "message_recipients_organization_id_message_id_fkey" FOREIGN KEY ("organization_id", "message_id") REFERENCES "messages"("organization_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- CreateIndex
CREATE INDEX "events_created_at_idx" ON "events"("created_at");
