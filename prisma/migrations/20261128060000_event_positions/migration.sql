-- Each event's place in the organization's stream (`events(after:)` replays by it). It is given at
-- commit time, by a deferred trigger that takes one lock held only through the commit: positions
-- become visible in the order they are handed out, while recording transactions run side by side
-- (the lock is not taken until their last moment). NOTIFYing transactions commit one at a time in
-- PostgreSQL anyway, so the lock adds little; events of one transaction keep their insert order.
CREATE SEQUENCE "events_position_seq" AS BIGINT;

ALTER TABLE "events" ADD COLUMN "position" BIGINT;

UPDATE "events" AS e SET "position" = o.position
FROM (SELECT "id", row_number() OVER (ORDER BY "id") AS position FROM "events") AS o
WHERE e."id" = o."id";

SELECT setval('events_position_seq', coalesce(max("position"), 0) + 1, false) FROM "events";

-- CreateIndex
CREATE UNIQUE INDEX "events_organization_id_position_key" ON "events"("organization_id", "position");

CREATE FUNCTION "place_event"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('sendook:event-positions'));
  UPDATE "events" SET "position" = nextval('events_position_seq') WHERE "id" = NEW."id";
  RETURN NULL;
END $$;

CREATE CONSTRAINT TRIGGER "events_place_at_commit" AFTER INSERT ON "events"
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (NOT NEW."test") EXECUTE FUNCTION "place_event"();
