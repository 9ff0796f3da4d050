-- Live editing under row-level security. Requests append Yjs updates as ukp_knowledge_reader in
-- the same transaction that checks the document is readable, so the policy is a second guard
-- behind the service's own check. Everything else on these tables (initialising and compacting
-- the state, presence) is maintenance done with the owner's rights after that check.
GRANT SELECT, INSERT ON knowledge.collab_updates TO ukp_knowledge_reader;
--> statement-breakpoint
GRANT SELECT ON knowledge.collab_states TO ukp_knowledge_reader;
--> statement-breakpoint
ALTER TABLE knowledge.collab_updates ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE knowledge.collab_states ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
-- No grant and no policy: presence is never read or written as the request role.
ALTER TABLE knowledge.collab_participants ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
-- The live text is as readable as its document (the subquery is under the documents policy).
CREATE POLICY collab_states_read ON knowledge.collab_states FOR SELECT TO ukp_knowledge_reader USING (
  EXISTS (SELECT 1 FROM knowledge.documents d WHERE d.id = document_id)
);
--> statement-breakpoint
CREATE POLICY collab_updates_read ON knowledge.collab_updates FOR SELECT TO ukp_knowledge_reader USING (
  EXISTS (SELECT 1 FROM knowledge.documents d WHERE d.id = document_id)
);
--> statement-breakpoint
-- Appending: as oneself, to a document one may read, as an EDITOR or ADMIN (live editing) or as
-- its author (a saved change to the body is merged into the live state as an update).
CREATE POLICY collab_updates_append ON knowledge.collab_updates FOR INSERT TO ukp_knowledge_reader WITH CHECK (
  actor_id = knowledge.viewer_id()
  AND EXISTS (
    SELECT 1 FROM knowledge.documents d
    WHERE d.id = document_id
      AND (
        knowledge.viewer_has_role('EDITOR')
        OR knowledge.viewer_has_role('ADMIN')
        OR d.author_id = knowledge.viewer_id()
      )
  )
);
