import { count } from 'drizzle-orm';
import { documents, revisions } from '../db/schema.js';
import type { KnowledgeDeps } from '../domain/deps.js';
import { checkBody, checkTags, checkTitle } from '../domain/validate.js';

export interface DemoAuthors {
  editor: string;
  admin: string;
}

/**
 * DEVELOPMENT ONLY: loads the demo corpus once, into an empty knowledge schema, as the owner
 * (bypassing row-level security, like any migration), with one revision per document.
 */
export async function seedDemoCorpus(deps: KnowledgeDeps, authors: DemoAuthors): Promise<number> {
  const [existing] = await deps.db.select({ n: count() }).from(documents);
  if ((existing?.n ?? 0) > 0) return 0;
  // Loaded only here: production never seeds and should not carry the corpus in memory.
  const { DEMO_CORPUS } = await import('./demo-corpus.js');
  const now = deps.now().getTime();
  await deps.db.transaction(async (tx) => {
    for (const [index, doc] of DEMO_CORPUS.entries()) {
      // Spread creation over the last 120 days so recency ranking has something to work with.
      const createdAt = new Date(
        now - (DEMO_CORPUS.length - index) * 86_400_000 * (120 / DEMO_CORPUS.length),
      );
      const [row] = await tx
        .insert(documents)
        .values({
          authorId: authors[doc.author],
          title: checkTitle(doc.title),
          body: checkBody(doc.body),
          tags: checkTags(doc.tags),
          status: doc.status,
          visibility: doc.visibility,
          publishedAt: doc.status === 'DRAFT' ? null : createdAt,
          createdAt,
          updatedAt: createdAt,
        })
        .returning();
      await tx.insert(revisions).values({
        documentId: row!.id,
        version: 1,
        title: row!.title,
        body: row!.body,
        tags: row!.tags,
        editorId: row!.authorId,
        createdAt,
        updatedAt: createdAt,
      });
    }
  });
  deps.vocabulary.markStale();
  deps.logger.info({ documents: DEMO_CORPUS.length }, 'seeded the demo corpus');
  return DEMO_CORPUS.length;
}
