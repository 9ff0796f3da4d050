-- Before the tables: the schema, the immutable helper the generated search column needs, pg_trgm
-- for did-you-mean, and the non-superuser role row-level security is enforced against.
CREATE SCHEMA IF NOT EXISTS "knowledge";
--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS pg_trgm;
--> statement-breakpoint
-- array_to_string is only STABLE; a generated column needs IMMUTABLE, which it is for text[].
CREATE OR REPLACE FUNCTION knowledge.tags_text(tags text[]) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT array_to_string(tags, ' ') $$;
--> statement-breakpoint
-- Roles are cluster-wide and several databases may migrate at once: create it idempotently.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'ukp_knowledge_reader') THEN
    CREATE ROLE ukp_knowledge_reader NOLOGIN;
  END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
END $$;
--> statement-breakpoint
DO $$
BEGIN
  EXECUTE format('GRANT ukp_knowledge_reader TO %I', current_user);
EXCEPTION WHEN duplicate_object OR unique_violation OR insufficient_privilege THEN NULL;
END $$;
