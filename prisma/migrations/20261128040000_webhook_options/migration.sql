-- AlterTable
ALTER TABLE "webhooks" ADD COLUMN     "headers" JSONB,
ADD COLUMN     "inbox_ids" TEXT[],
ADD COLUMN     "rate_limit_per_second" INTEGER;
