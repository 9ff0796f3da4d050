-- Raw events, natively partitioned by UTC day. Partitions (analytics.events_pYYYYMMDD) are
-- created ahead of time by the service and dropped whole past ANALYTICS_RETENTION_DAYS.
-- BRIN on time: tiny, and events arrive nearly in time order. btree on (name, at, user_id):
-- funnels and retention read one name over a range, per user, from the index alone.
CREATE TABLE "analytics"."events" (
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"user_id" text,
	"at" timestamp with time zone NOT NULL,
	"properties" jsonb,
	"source" text NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL
) PARTITION BY RANGE ("at");
--> statement-breakpoint
CREATE INDEX "events_at_brin" ON "analytics"."events" USING brin ("at");
--> statement-breakpoint
CREATE INDEX "events_name_at_idx" ON "analytics"."events" USING btree ("name", "at", "user_id");
--> statement-breakpoint
CREATE INDEX "events_user_at_idx" ON "analytics"."events" USING btree ("user_id", "at") WHERE "user_id" IS NOT NULL;
