-- Each event's place in the organization's stream (`events(after:)`), given after commit by one
-- sequencer at a time, so that recording transactions need not be serialised to keep id order.
CREATE SEQUENCE "events_position_seq" AS BIGINT;

ALTER TABLE "events" ADD COLUMN "position" BIGINT;

UPDATE "events" AS e SET "position" = o.position
FROM (SELECT "id", row_number() OVER (ORDER BY "id") AS position FROM "events") AS o
WHERE e."id" = o."id";

SELECT setval('events_position_seq', coalesce(max("position"), 0) + 1, false) FROM "events";

-- CreateIndex
CREATE UNIQUE INDEX "events_organization_id_position_key" ON "events"("organization_id", "position");

-- CreateTable
CREATE TABLE "unsequenced_events" (
    "event_id" TEXT NOT NULL,

    CONSTRAINT "unsequenced_events_pkey" PRIMARY KEY ("event_id")
);
