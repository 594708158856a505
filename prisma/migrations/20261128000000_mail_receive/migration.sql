-- CreateEnum
CREATE TYPE "message_direction" AS ENUM ('INBOUND', 'OUTBOUND');

-- CreateEnum
CREATE TYPE "message_status" AS ENUM ('QUEUED', 'SENT', 'RECEIVED', 'DELIVERED', 'BOUNCED', 'COMPLAINED', 'REJECTED');

-- CreateTable
CREATE TABLE "threads" (
    "id" TEXT NOT NULL,
    "organization_id" TEXT NOT NULL,
    "inbox_id" TEXT NOT NULL,
    "subject" TEXT,
    "message_count" INTEGER NOT NULL DEFAULT 0,
    "last_message_at" TIMESTAMPTZ(3) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "threads_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "messages" (
    "id" TEXT NOT NULL,
    "organization_id" TEXT NOT NULL,
    "inbox_id" TEXT NOT NULL,
    "thread_id" TEXT NOT NULL,
    "direction" "message_direction" NOT NULL,
    "status" "message_status" NOT NULL,
    "rfc_message_id" TEXT,
    "in_reply_to" TEXT,
    "references" TEXT[],
    "from_address" TEXT NOT NULL,
    "from_name" TEXT,
    "reply_to" TEXT[],
    "to" TEXT[],
    "cc" TEXT[],
    "bcc" TEXT[],
    "subject" TEXT,
    "text" TEXT,
    "html" TEXT,
    "labels" TEXT[],
    "size_bytes" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "messages_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "message_sources" (
    "message_id" TEXT NOT NULL,
    "raw" BYTEA NOT NULL,

    CONSTRAINT "message_sources_pkey" PRIMARY KEY ("message_id")
);

-- CreateTable
CREATE TABLE "attachments" (
    "id" TEXT NOT NULL,
    "message_id" TEXT NOT NULL,
    "filename" TEXT,
    "content_type" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "content_id" TEXT,
    "inline" BOOLEAN NOT NULL DEFAULT false,
    "content" BYTEA NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "attachments_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "threads_organization_id_id_idx" ON "threads"("organization_id", "id");

-- CreateIndex
CREATE INDEX "threads_inbox_id_id_idx" ON "threads"("inbox_id", "id");

-- CreateIndex
CREATE INDEX "messages_organization_id_id_idx" ON "messages"("organization_id", "id");

-- CreateIndex
CREATE INDEX "messages_inbox_id_id_idx" ON "messages"("inbox_id", "id");

-- CreateIndex
CREATE INDEX "messages_thread_id_id_idx" ON "messages"("thread_id", "id");

-- CreateIndex
CREATE INDEX "messages_inbox_id_rfc_message_id_idx" ON "messages"("inbox_id", "rfc_message_id");

-- CreateIndex
CREATE INDEX "attachments_message_id_id_idx" ON "attachments"("message_id", "id");

-- AddForeignKey
ALTER TABLE "threads" ADD CONSTRAINT "threads_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "threads" ADD CONSTRAINT "threads_inbox_id_fkey" FOREIGN KEY ("inbox_id") REFERENCES "inboxes"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "messages" ADD CONSTRAINT "messages_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "messages" ADD CONSTRAINT "messages_inbox_id_fkey" FOREIGN KEY ("inbox_id") REFERENCES "inboxes"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "messages" ADD CONSTRAINT "messages_thread_id_fkey" FOREIGN KEY ("thread_id") REFERENCES "threads"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "message_sources" ADD CONSTRAINT "message_sources_message_id_fkey" FOREIGN KEY ("message_id") REFERENCES "messages"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "attachments" ADD CONSTRAINT "attachments_message_id_fkey" FOREIGN KEY ("message_id") REFERENCES "messages"("id") ON DELETE CASCADE ON UPDATE CASCADE;
