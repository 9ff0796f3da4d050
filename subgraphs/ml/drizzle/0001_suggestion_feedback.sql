CREATE TABLE "ml"."suggestion_feedback" (
	"user_id" text NOT NULL,
	"document_id" text NOT NULL,
	"tag" text NOT NULL,
	"model_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "suggestion_feedback_user_id_document_id_tag_pk" PRIMARY KEY("user_id","document_id","tag")
);
--> statement-breakpoint
ALTER TABLE "ml"."suggestion_feedback" ADD CONSTRAINT "suggestion_feedback_model_id_model_versions_id_fk" FOREIGN KEY ("model_id") REFERENCES "ml"."model_versions"("id") ON DELETE no action ON UPDATE no action;