-- The edit rule (src/domain/access.ts) in row-level security, for saved changes and live editing
-- alike: an EDITOR may change the title, body and tags of any PUBLIC document; only its author or
-- an ADMIN may change a PRIVATE one, or anything else about a document (visibility, status,
-- authorship, deletion). Policies see rows, not which columns changed: the policy admits the
-- rows, the trigger below limits what a shared editor may change in them.
CREATE OR REPLACE FUNCTION knowledge.viewer_roles() RETURNS text[]
  LANGUAGE sql STABLE AS $$ SELECT string_to_array(coalesce(current_setting('ukp.roles', true), ''), ',') $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION knowledge.viewer_may_edit_content(author uuid, vis knowledge.visibility) RETURNS boolean
  LANGUAGE sql STABLE AS $$
    SELECT coalesce(author = knowledge.viewer_id(), false)
      OR knowledge.viewer_has_role('ADMIN')
      OR (vis = 'PUBLIC' AND knowledge.viewer_has_role('EDITOR'))
  $$;
--> statement-breakpoint
DROP POLICY IF EXISTS documents_change ON knowledge.documents;
--> statement-breakpoint
CREATE POLICY documents_change ON knowledge.documents FOR UPDATE TO ukp_knowledge_reader
  USING (deleted_at IS NULL AND knowledge.viewer_may_edit_content(author_id, visibility))
  WITH CHECK (knowledge.viewer_may_edit_content(author_id, visibility));
--> statement-breakpoint
-- Someone who is neither the author nor an ADMIN changes only the content columns (and what
-- saving them moves: version, updated_at); whatever else differs is refused, columns added later
-- included. Only an ADMIN hands a document to another author (the policy alone would let an
-- EDITOR who wrote a PUBLIC document give it away). Only where row-level security applies:
-- maintenance as the owner (views, soft delete in its SECURITY DEFINER function, migrations) is
-- not a shared edit.
CREATE OR REPLACE FUNCTION knowledge.documents_shared_edit_guard() RETURNS trigger
  LANGUAGE plpgsql AS $$
  DECLARE
    content text[] := ARRAY['title', 'body', 'tags', 'version', 'updated_at', 'search'];
  BEGIN
    IF NOT row_security_active('knowledge.documents') OR knowledge.viewer_has_role('ADMIN') THEN
      RETURN NEW;
    END IF;
    IF NEW.author_id IS DISTINCT FROM OLD.author_id THEN
      RAISE EXCEPTION 'only an ADMIN may change the author of document %', OLD.id
        USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF OLD.author_id IS DISTINCT FROM knowledge.viewer_id()
      AND (to_jsonb(NEW) - content) IS DISTINCT FROM (to_jsonb(OLD) - content)
    THEN
      RAISE EXCEPTION 'only the author or an ADMIN may change more than the title, body and tags of document %', OLD.id
        USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
  END $$;
--> statement-breakpoint
CREATE TRIGGER documents_shared_edit_guard BEFORE UPDATE ON knowledge.documents
  FOR EACH ROW EXECUTE FUNCTION knowledge.documents_shared_edit_guard();
--> statement-breakpoint
DROP POLICY IF EXISTS revisions_create ON knowledge.revisions;
--> statement-breakpoint
CREATE POLICY revisions_create ON knowledge.revisions FOR INSERT TO ukp_knowledge_reader WITH CHECK (
  editor_id = knowledge.viewer_id()
  AND EXISTS (
    SELECT 1 FROM knowledge.documents d
    WHERE d.id = document_id AND knowledge.viewer_may_edit_content(d.author_id, d.visibility)
  )
);
--> statement-breakpoint
-- Appending a live update: as oneself with one's own role claim (a later save runs with it), to a
-- document one may read and edit.
DROP POLICY IF EXISTS collab_updates_append ON knowledge.collab_updates;
--> statement-breakpoint
CREATE POLICY collab_updates_append ON knowledge.collab_updates FOR INSERT TO ukp_knowledge_reader WITH CHECK (
  actor_id = knowledge.viewer_id()
  AND actor_roles = knowledge.viewer_roles()
  AND EXISTS (
    SELECT 1 FROM knowledge.documents d
    WHERE d.id = document_id AND knowledge.viewer_may_edit_content(d.author_id, d.visibility)
  )
);
