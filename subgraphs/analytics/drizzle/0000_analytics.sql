CREATE SCHEMA "analytics";
--> statement-breakpoint
CREATE TABLE "analytics"."alert_rules" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"owner_id" text NOT NULL,
	"metric" text NOT NULL,
	"kind" text NOT NULL,
	"threshold" double precision,
	"direction" text,
	"webhook_url" text,
	"webhook_secret" text,
	"deleted_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "analytics"."anomalies" (
	"metric" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"value" double precision NOT NULL,
	"expected" double precision NOT NULL,
	"score" double precision NOT NULL,
	"detected_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "anomalies_metric_at_pk" PRIMARY KEY("metric","at")
);
--> statement-breakpoint
CREATE TABLE "analytics"."conversions" (
	"experiment_key" text NOT NULL,
	"user_id" text NOT NULL,
	"converted_at" timestamp with time zone NOT NULL,
	CONSTRAINT "conversions_experiment_key_user_id_pk" PRIMARY KEY("experiment_key","user_id")
);
--> statement-breakpoint
CREATE TABLE "analytics"."document_views" (
	"document_id" text PRIMARY KEY NOT NULL,
	"views" bigint DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "analytics"."event_keys" (
	"key" text PRIMARY KEY NOT NULL,
	"seen_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "analytics"."experiments" (
	"key" text PRIMARY KEY NOT NULL,
	"metric" text NOT NULL,
	"status" text DEFAULT 'RUNNING' NOT NULL,
	"sequential" boolean DEFAULT false NOT NULL,
	"variants" jsonb NOT NULL,
	"created_by" text NOT NULL,
	"concluded_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "analytics"."exposures" (
	"experiment_key" text NOT NULL,
	"user_id" text NOT NULL,
	"variant" text NOT NULL,
	"exposed_at" timestamp with time zone NOT NULL,
	CONSTRAINT "exposures_experiment_key_user_id_pk" PRIMARY KEY("experiment_key","user_id")
);
--> statement-breakpoint
CREATE TABLE "analytics"."metric_windows" (
	"metric" text NOT NULL,
	"interval" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"count" double precision DEFAULT 0 NOT NULL,
	"sum" double precision DEFAULT 0 NOT NULL,
	"last" double precision,
	"last_at" timestamp with time zone,
	"sketch" "bytea",
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "metric_windows_metric_interval_at_pk" PRIMARY KEY("metric","interval","at")
);
--> statement-breakpoint
CREATE TABLE "analytics"."notifications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" text NOT NULL,
	"rule_id" uuid NOT NULL,
	"metric" text NOT NULL,
	"message" text NOT NULL,
	"value" double precision NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"read_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "analytics"."operation_windows" (
	"operation_name" text NOT NULL,
	"operation_type" text NOT NULL,
	"interval" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"count" double precision DEFAULT 0 NOT NULL,
	"errors" double precision DEFAULT 0 NOT NULL,
	"sketch" "bytea",
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "operation_windows_operation_name_operation_type_interval_at_pk" PRIMARY KEY("operation_name","operation_type","interval","at")
);
--> statement-breakpoint
CREATE TABLE "analytics"."user_activity" (
	"user_id" text NOT NULL,
	"hour" timestamp with time zone NOT NULL,
	"events" integer DEFAULT 0 NOT NULL,
	"last_at" timestamp with time zone NOT NULL,
	CONSTRAINT "user_activity_user_id_hour_pk" PRIMARY KEY("user_id","hour")
);
--> statement-breakpoint
CREATE TABLE "analytics"."webhook_deliveries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"rule_id" uuid NOT NULL,
	"notification_id" uuid NOT NULL,
	"url" text NOT NULL,
	"payload" jsonb NOT NULL,
	"status" text DEFAULT 'PENDING' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "analytics"."conversions" ADD CONSTRAINT "conversions_experiment_key_experiments_key_fk" FOREIGN KEY ("experiment_key") REFERENCES "analytics"."experiments"("key") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "analytics"."exposures" ADD CONSTRAINT "exposures_experiment_key_experiments_key_fk" FOREIGN KEY ("experiment_key") REFERENCES "analytics"."experiments"("key") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "analytics"."notifications" ADD CONSTRAINT "notifications_rule_id_alert_rules_id_fk" FOREIGN KEY ("rule_id") REFERENCES "analytics"."alert_rules"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "analytics"."webhook_deliveries" ADD CONSTRAINT "webhook_deliveries_rule_id_alert_rules_id_fk" FOREIGN KEY ("rule_id") REFERENCES "analytics"."alert_rules"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "alert_rules_metric_idx" ON "analytics"."alert_rules" USING btree ("metric") WHERE "analytics"."alert_rules"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "alert_rules_owner_idx" ON "analytics"."alert_rules" USING btree ("owner_id");--> statement-breakpoint
CREATE INDEX "anomalies_detected_at_idx" ON "analytics"."anomalies" USING btree ("detected_at");--> statement-breakpoint
CREATE INDEX "event_keys_seen_at_idx" ON "analytics"."event_keys" USING btree ("seen_at");--> statement-breakpoint
CREATE INDEX "exposures_user_idx" ON "analytics"."exposures" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "notifications_rule_at_idx" ON "analytics"."notifications" USING btree ("rule_id","at");--> statement-breakpoint
CREATE INDEX "notifications_user_created_idx" ON "analytics"."notifications" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE INDEX "operation_windows_interval_at_idx" ON "analytics"."operation_windows" USING btree ("interval","at");--> statement-breakpoint
CREATE INDEX "user_activity_hour_idx" ON "analytics"."user_activity" USING btree ("hour");--> statement-breakpoint
CREATE INDEX "webhook_deliveries_due_idx" ON "analytics"."webhook_deliveries" USING btree ("next_attempt_at") WHERE "analytics"."webhook_deliveries"."status" = 'PENDING';