-- Gauges per reporting instance (each gateway reports its own count of subscriptions): the
-- platform's value is the sum of the instances' latest readings (src/domain/metrics/gauges.ts), so
-- metric_windows' one latest reading per window goes.
CREATE TABLE "analytics"."gauge_windows" (
	"metric" text NOT NULL,
	"interval" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"instance" text NOT NULL,
	"value" double precision NOT NULL,
	"value_at" timestamp with time zone NOT NULL,
	CONSTRAINT "gauge_windows_metric_interval_at_instance_pk" PRIMARY KEY("metric","interval","at","instance")
);
--> statement-breakpoint
ALTER TABLE "analytics"."metric_windows" DROP COLUMN "last";--> statement-breakpoint
ALTER TABLE "analytics"."metric_windows" DROP COLUMN "last_at";
