-- AlterEnum
ALTER TYPE "attempt_trigger" ADD VALUE 'RECOVERY';

-- AlterTable
ALTER TABLE "webhooks" ADD COLUMN "consecutive_failures" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN "failing_since" TIMESTAMPTZ(3),
ADD COLUMN "last_success_at" TIMESTAMPTZ(3),
ADD COLUMN "last_failure_at" TIMESTAMPTZ(3),
ADD COLUMN "failing_notified" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN "disabled_at" TIMESTAMPTZ(3);

-- AlterTable
ALTER TABLE "deliveries" ADD COLUMN "scheduled_attempt" INTEGER NOT NULL DEFAULT 1,
ADD COLUMN "last_error" TEXT,
ADD COLUMN "recovery_id" TEXT;

-- CreateTable
CREATE TABLE "webhook_stats" (
    "webhook_id" TEXT NOT NULL,
    "bucket" TIMESTAMPTZ(3) NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "successes" INTEGER NOT NULL DEFAULT 0,
    "durations" INTEGER[],

    CONSTRAINT "webhook_stats_pkey" PRIMARY KEY ("webhook_id","bucket")
);

-- CreateTable
CREATE TABLE "webhook_recoveries" (
    "id" TEXT NOT NULL,
    "organization_id" TEXT NOT NULL,
    "webhook_id" TEXT NOT NULL,
    "since" TIMESTAMPTZ(3) NOT NULL,
    "total" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "webhook_recoveries_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "deliveries_recovery_id_idx" ON "deliveries"("recovery_id");

-- CreateIndex
CREATE INDEX "webhook_recoveries_organization_id_id_idx" ON "webhook_recoveries"("organization_id", "id");

-- AddForeignKey
ALTER TABLE "webhook_stats" ADD CONSTRAINT "webhook_stats_webhook_id_fkey" FOREIGN KEY ("webhook_id") REFERENCES "webhooks"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "webhook_recoveries" ADD CONSTRAINT "webhook_recoveries_organization_id_webhook_id_fkey" FOREIGN KEY ("organization_id", "webhook_id") REFERENCES "webhooks"("organization_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;
