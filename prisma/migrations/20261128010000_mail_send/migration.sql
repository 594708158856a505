-- CreateEnum
CREATE TYPE "recipient_kind" AS ENUM ('TO', 'CC', 'BCC');

-- AlterTable
ALTER TABLE "messages" ADD COLUMN "parent_message_id" TEXT,
ADD COLUMN "provider_message_id" TEXT;

-- CreateTable
CREATE TABLE "message_recipients" (
    "id" TEXT NOT NULL,
    "organization_id" TEXT NOT NULL,
    "message_id" TEXT NOT NULL,
    "address" TEXT NOT NULL,
    "kind" "recipient_kind" NOT NULL,
    "status" "message_status" NOT NULL,
    "smtp_code" INTEGER,
    "enhanced_status" TEXT,
    "diagnostic" TEXT,
    "bounce_type" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "next_attempt_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "message_recipients_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "suppressions" (
    "organization_id" TEXT NOT NULL,
    "address" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "detail" TEXT,
    "message_id" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "suppressions_pkey" PRIMARY KEY ("organization_id","address")
);

-- CreateTable
CREATE TABLE "mail_feedback" (
    "id" TEXT NOT NULL,
    "organization_id" TEXT NOT NULL,
    "message_id" TEXT NOT NULL,
    "recipient_id" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "external_id" TEXT NOT NULL,
    "fields" JSONB NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "mail_feedback_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "settings" (
    "key" TEXT NOT NULL,
    "value" TEXT NOT NULL,

    CONSTRAINT "settings_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE INDEX "messages_provider_message_id_idx" ON "messages"("provider_message_id");

-- CreateIndex
CREATE UNIQUE INDEX "message_recipients_message_id_address_key" ON "message_recipients"("message_id", "address");

-- CreateIndex
CREATE INDEX "message_recipients_organization_id_id_idx" ON "message_recipients"("organization_id", "id");

-- CreateIndex
CREATE UNIQUE INDEX "mail_feedback_external_id_key" ON "mail_feedback"("external_id");

-- CreateIndex
CREATE INDEX "mail_feedback_recipient_id_idx" ON "mail_feedback"("recipient_id");

-- AddForeignKey
ALTER TABLE "message_recipients" ADD CONSTRAINT "message_recipients_message_id_fkey" FOREIGN KEY ("message_id") REFERENCES "messages"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "suppressions" ADD CONSTRAINT "suppressions_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;
