CREATE SCHEMA IF NOT EXISTS "knowledge";
--> statement-breakpoint
CREATE TYPE "knowledge"."document_status" AS ENUM('DRAFT', 'PUBLISHED', 'ARCHIVED');--> statement-breakpoint
CREATE TYPE "knowledge"."visibility" AS ENUM('PUBLIC', 'PRIVATE');--> statement-breakpoint
CREATE TABLE "knowledge"."documents" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"author_id" uuid NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"tags" text[] DEFAULT '{}'::text[] NOT NULL,
	"status" "knowledge"."document_status" DEFAULT 'DRAFT' NOT NULL,
	"visibility" "knowledge"."visibility" DEFAULT 'PUBLIC' NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"views" integer DEFAULT 0 NOT NULL,
	"published_at" timestamp with time zone,
	"deleted_at" timestamp with time zone,
	"search" "tsvector" GENERATED ALWAYS AS (setweight(to_tsvector('english', title), 'A') || setweight(to_tsvector('english', knowledge.tags_text(tags)), 'B') || setweight(to_tsvector('english', body), 'D')) STORED NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "documents_version_positive" CHECK ("knowledge"."documents"."version" > 0)
);
--> statement-breakpoint
CREATE TABLE "knowledge"."revisions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"document_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"tags" text[] NOT NULL,
	"editor_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "knowledge"."revisions" ADD CONSTRAINT "revisions_document_id_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "knowledge"."documents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "documents_search_idx" ON "knowledge"."documents" USING gin ("search");--> statement-breakpoint
CREATE INDEX "documents_tags_idx" ON "knowledge"."documents" USING gin ("tags");--> statement-breakpoint
CREATE INDEX "documents_author_idx" ON "knowledge"."documents" USING btree ("author_id","created_at");--> statement-breakpoint
CREATE INDEX "documents_created_idx" ON "knowledge"."documents" USING btree ("created_at","id");--> statement-breakpoint
CREATE UNIQUE INDEX "revisions_document_version_idx" ON "knowledge"."revisions" USING btree ("document_id","version");