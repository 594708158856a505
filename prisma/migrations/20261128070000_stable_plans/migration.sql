-- Cached plans that stay index look-ups while the tables grow.
--
-- PostgreSQL caches a plan per connection for PL/pgSQL statements and foreign-key checks (and our
-- prepared statements). A plan made after the table's statistics said it was small (autovacuum
-- analyzes a table once it has 50 rows) is a sequential scan, and it is kept until the next ANALYZE
-- or VACUUM of the table, up to a minute later: while the table grows meanwhile, every look-up scans
-- it whole. Measured: a transaction of five events with their deliveries took 80 ms of PostgreSQL's
-- CPU at 100,000 events on such a connection, against 1.5 ms on a connection planned afresh.

-- The per-row UPDATE that gives an event its position plans without sequential scans: its look-up
-- by id always uses the primary key.
CREATE OR REPLACE FUNCTION "place_event"() RETURNS trigger LANGUAGE plpgsql SET enable_seqscan = off AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('sendook:event-positions'));
  UPDATE "events" SET "position" = nextval('events_position_seq') WHERE "id" = NEW."id";
  RETURN NULL;
END $$;

-- Foreign keys into these fast-growing tables are checked per inserted row. Autovacuum records their
-- sizes (ANALYZE, VACUUM) only from 1,000 changed rows on, when a look-up by key is already cheaper
-- through the index; before that the planner assumes at least ten pages, which also picks the index.
ALTER TABLE "events" SET (autovacuum_analyze_threshold = 1000, autovacuum_vacuum_threshold = 1000);
ALTER TABLE "deliveries" SET (autovacuum_analyze_threshold = 1000, autovacuum_vacuum_threshold = 1000);
ALTER TABLE "messages" SET (autovacuum_analyze_threshold = 1000, autovacuum_vacuum_threshold = 1000);
ALTER TABLE "threads" SET (autovacuum_analyze_threshold = 1000, autovacuum_vacuum_threshold = 1000);
