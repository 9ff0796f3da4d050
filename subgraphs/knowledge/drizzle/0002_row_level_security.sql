-- Row-level security: the second, independent guard behind the graphql-shield rules. Requests
-- run as ukp_knowledge_reader with the caller's id and roles in transaction-local settings
-- (see withRls in the kit), so a resolver bug cannot return a row the caller may not read.
CREATE OR REPLACE FUNCTION knowledge.viewer_id() RETURNS uuid
  LANGUAGE sql STABLE AS $$ SELECT nullif(current_setting('ukp.user_id', true), '')::uuid $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION knowledge.viewer_has_role(wanted text) RETURNS boolean
  LANGUAGE sql STABLE AS $$
    SELECT wanted = ANY (string_to_array(coalesce(current_setting('ukp.roles', true), ''), ','))
  $$;
--> statement-breakpoint
GRANT USAGE ON SCHEMA knowledge TO ukp_knowledge_reader;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON knowledge.documents, knowledge.revisions TO ukp_knowledge_reader;
--> statement-breakpoint
ALTER TABLE knowledge.documents ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE knowledge.revisions ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
-- PUBLISHED + PUBLIC: anyone. PRIVATE: author and ADMIN. Other PUBLIC states: author, EDITOR, ADMIN.
CREATE POLICY documents_read ON knowledge.documents FOR SELECT TO ukp_knowledge_reader USING (
  deleted_at IS NULL AND (
    knowledge.viewer_has_role('ADMIN')
    OR author_id = knowledge.viewer_id()
    OR (visibility = 'PUBLIC' AND (status = 'PUBLISHED' OR knowledge.viewer_has_role('EDITOR')))
  )
);
--> statement-breakpoint
CREATE POLICY documents_create ON knowledge.documents FOR INSERT TO ukp_knowledge_reader WITH CHECK (
  author_id = knowledge.viewer_id()
  AND (knowledge.viewer_has_role('EDITOR') OR knowledge.viewer_has_role('ADMIN'))
);
--> statement-breakpoint
CREATE POLICY documents_change ON knowledge.documents FOR UPDATE TO ukp_knowledge_reader
  USING (deleted_at IS NULL AND (author_id = knowledge.viewer_id() OR knowledge.viewer_has_role('ADMIN')))
  WITH CHECK (author_id = knowledge.viewer_id() OR knowledge.viewer_has_role('ADMIN'));
--> statement-breakpoint
-- A revision is as readable as its document (the subquery is itself under the documents policy).
CREATE POLICY revisions_read ON knowledge.revisions FOR SELECT TO ukp_knowledge_reader USING (
  EXISTS (SELECT 1 FROM knowledge.documents d WHERE d.id = document_id)
);
--> statement-breakpoint
CREATE POLICY revisions_create ON knowledge.revisions FOR INSERT TO ukp_knowledge_reader WITH CHECK (
  editor_id = knowledge.viewer_id()
  AND EXISTS (
    SELECT 1 FROM knowledge.documents d
    WHERE d.id = document_id AND (d.author_id = knowledge.viewer_id() OR knowledge.viewer_has_role('ADMIN'))
  )
);
--> statement-breakpoint
-- Counting a view is allowed to whoever could read the document; readers may not UPDATE others'
-- rows, so this one narrow write runs with the owner's rights.
CREATE OR REPLACE FUNCTION knowledge.count_view(doc uuid) RETURNS void
  LANGUAGE sql SECURITY DEFINER SET search_path = knowledge, pg_temp AS $$
    UPDATE knowledge.documents SET views = views + 1 WHERE id = doc AND deleted_at IS NULL
  $$;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION knowledge.count_view(uuid) TO ukp_knowledge_reader;
--> statement-breakpoint
-- Did-you-mean: the words of published public documents only, so a suggestion never reveals a
-- word from a document the caller may not read. Refreshed by the service after publishing.
CREATE MATERIALIZED VIEW knowledge.vocabulary AS
  SELECT word, ndoc FROM ts_stat($q$
    SELECT to_tsvector('simple', title || ' ' || body) FROM knowledge.documents
    WHERE status = 'PUBLISHED' AND visibility = 'PUBLIC' AND deleted_at IS NULL
  $q$)
  WHERE length(word) BETWEEN 3 AND 40 AND word ~ '^[a-z][a-z0-9]*$';
--> statement-breakpoint
CREATE UNIQUE INDEX vocabulary_word_idx ON knowledge.vocabulary (word);
--> statement-breakpoint
CREATE INDEX vocabulary_trgm_idx ON knowledge.vocabulary USING gin (word gin_trgm_ops);
--> statement-breakpoint
GRANT SELECT ON knowledge.vocabulary TO ukp_knowledge_reader;
--> statement-breakpoint
-- Soft delete: the deleted row no longer passes the read policy, which an UPDATE's new row must,
-- so the one write that hides a row runs with the owner's rights and checks authorship itself.
CREATE OR REPLACE FUNCTION knowledge.soft_delete(doc uuid, at timestamptz) RETURNS boolean
  LANGUAGE sql SECURITY DEFINER SET search_path = knowledge, pg_temp AS $$
    WITH gone AS (
      UPDATE knowledge.documents SET deleted_at = at, updated_at = at
      WHERE id = doc AND deleted_at IS NULL
        AND (author_id = knowledge.viewer_id() OR knowledge.viewer_has_role('ADMIN'))
      RETURNING 1
    )
    SELECT count(*) > 0 FROM gone
  $$;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION knowledge.soft_delete(uuid, timestamptz) TO ukp_knowledge_reader;
