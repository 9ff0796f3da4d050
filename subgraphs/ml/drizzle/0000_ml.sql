CREATE SCHEMA "ml";
--> statement-breakpoint
CREATE TABLE "ml"."alias_audit" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"actor" text NOT NULL,
	"name" text NOT NULL,
	"alias" text NOT NULL,
	"from_version" integer,
	"to_version" integer NOT NULL,
	"forced" boolean DEFAULT false NOT NULL,
	"detail" jsonb,
	"request_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ml"."aliases" (
	"name" text NOT NULL,
	"alias" text NOT NULL,
	"model_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "aliases_name_alias_pk" PRIMARY KEY("name","alias")
);
--> statement-breakpoint
CREATE TABLE "ml"."model_versions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"version" integer NOT NULL,
	"algorithm" text NOT NULL,
	"status" text NOT NULL,
	"progress" double precision DEFAULT 0 NOT NULL,
	"labels" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"metrics" jsonb,
	"artifact" "bytea",
	"dataset_hash" text,
	"row_count" integer,
	"hyper_parameters" jsonb,
	"test_ids" jsonb,
	"trained_at" timestamp with time zone,
	"error" text,
	"requested_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "model_versions_name_version_key" UNIQUE("name","version")
);
--> statement-breakpoint
CREATE TABLE "ml"."served_counts" (
	"model_id" uuid PRIMARY KEY NOT NULL,
	"count" bigint DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ml"."traffic_splits" (
	"name" text NOT NULL,
	"model_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"weight" double precision NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "traffic_splits_name_model_id_pk" PRIMARY KEY("name","model_id")
);
--> statement-breakpoint
ALTER TABLE "ml"."aliases" ADD CONSTRAINT "aliases_model_id_model_versions_id_fk" FOREIGN KEY ("model_id") REFERENCES "ml"."model_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ml"."served_counts" ADD CONSTRAINT "served_counts_model_id_model_versions_id_fk" FOREIGN KEY ("model_id") REFERENCES "ml"."model_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ml"."traffic_splits" ADD CONSTRAINT "traffic_splits_model_id_model_versions_id_fk" FOREIGN KEY ("model_id") REFERENCES "ml"."model_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "alias_audit_name_idx" ON "ml"."alias_audit" USING btree ("name","created_at");--> statement-breakpoint
CREATE INDEX "aliases_model_idx" ON "ml"."aliases" USING btree ("model_id");--> statement-breakpoint
CREATE INDEX "model_versions_created_idx" ON "ml"."model_versions" USING btree ("created_at");