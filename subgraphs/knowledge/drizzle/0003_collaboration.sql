CREATE TABLE "knowledge"."collab_participants" (
	"document_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"joined_at" timestamp with time zone NOT NULL,
	"last_seen_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "collab_participants_document_id_user_id_pk" PRIMARY KEY("document_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "knowledge"."collab_states" (
	"document_id" uuid PRIMARY KEY NOT NULL,
	"state" "bytea" NOT NULL,
	"presence_seq" bigint DEFAULT 0 NOT NULL,
	"last_actor_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "knowledge"."collab_updates" (
	"seq" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "knowledge"."collab_updates_seq_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"document_id" uuid NOT NULL,
	"update" "bytea" NOT NULL,
	"actor_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "knowledge"."collab_participants" ADD CONSTRAINT "collab_participants_document_id_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "knowledge"."documents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "knowledge"."collab_states" ADD CONSTRAINT "collab_states_document_id_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "knowledge"."documents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "knowledge"."collab_updates" ADD CONSTRAINT "collab_updates_document_id_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "knowledge"."documents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "collab_participants_seen_idx" ON "knowledge"."collab_participants" USING btree ("last_seen_at");--> statement-breakpoint
CREATE INDEX "collab_updates_document_idx" ON "knowledge"."collab_updates" USING btree ("document_id","seq");