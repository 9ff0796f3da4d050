import { type Database, pageSize, rowsOf, type Viewer } from '@ukp/kit';
import { and, arrayContains, asc, type SQL, sql } from 'drizzle-orm';
import { documentColumns, documents } from '../db/schema.js';
import { readAsViewer, readableWhere } from './access.js';
import type { KnowledgeDeps } from './deps.js';
import type { SearchHitModel, SearchResultModel } from './search-types.js';
import { escapeHtml } from './text/escape-html.js';
import { checkQueryText } from './text/query-text.js';
import { prefixWord } from './text/search-syntax.js';
import { replaceWords, spellableWords } from './text/spelling.js';
import { checkTags } from './validate.js';

export interface SearchArgs {
  query: string;
  tags?: readonly string[] | null;
  first?: number | null;
  suggest?: boolean;
}

/** Ranking knobs (see `scoreOf`). */
export const RANKING = {
  /** ts_rank_cd normalisation 1: divide by 1 + ln(document length), so long documents do not win by size alone. */
  normalization: 1,
  /** At most +10 % for a document changed today, nothing after `freshDays`. */
  recencyBoost: 0.1,
  freshDays: 90,
  /** At most +10 % for a document read `popularViews` times or more, log-scaled. */
  popularityBoost: 0.1,
  popularViews: 10_000,
  /** pg_trgm similarity a spelling correction must reach. */
  minSimilarity: 0.3,
};

// ts_headline marks matches with control characters (removed from the body beforehand, so only
// the marks can produce them), then the whole snippet is HTML-escaped and the marks become <mark>.
const OPEN = '\u0002';
const CLOSE = '\u0003';
const HEADLINE_OPTIONS = `StartSel=${OPEN}, StopSel=${CLOSE}, MaxFragments=2, MaxWords=30, MinWords=10, FragmentDelimiter=" … "`;

/** The tsquery for a user's query: web-search syntax, with the last word also matched as a prefix. */
function tsqueryOf(query: string): SQL {
  const web = sql`websearch_to_tsquery('english', ${query})`;
  const prefix = prefixWord(query);
  if (!prefix) return web;
  // Swap the last word's lexeme for its prefix form inside the parsed query, so the operators
  // around it (or, phrases, exclusions) keep their meaning; a superset of the exact word.
  return sql`ts_rewrite(${web}, plainto_tsquery('english', ${prefix}), to_tsquery('english', ${prefix} || ':*'))`;
}

/**
 * score = ts_rank_cd(search, q, 1) · (1 + recency + popularity), where recency falls linearly
 * from 0.1 (changed now) to 0 at 90 days and popularity = 0.1 · min(1, ln(1 + views) / ln(1 + 10⁴)).
 * The boost is a factor of at most 1.2, so a text match 20 % better always ranks first, and the
 * factor keeps its meaning whatever the scale of the text rank.
 */
function scoreOf(tsquery: SQL, now: Date): SQL<number> {
  // The knobs are our constants, not input: inlined, so Postgres sees plain numeric literals.
  const k = (value: number) => sql.raw(String(value));
  const ageDays = sql`extract(epoch from (${now.toISOString()}::timestamptz - greatest(${documents.updatedAt}, ${documents.publishedAt}))) / 86400`;
  const recency = sql`${k(RANKING.recencyBoost)} * greatest(0, least(1, 1 - ${ageDays} / ${k(RANKING.freshDays)}))`;
  const popularity = sql`${k(RANKING.popularityBoost)} * least(1, ln(1 + greatest(${documents.views}, 0)) / ln(${k(1 + RANKING.popularViews)}))`;
  return sql<number>`(ts_rank_cd(${documents.search}, ${tsquery}, ${k(RANKING.normalization)}) * (1 + ${recency} + ${popularity}))::float8`;
}

function matching(tsquery: SQL, tags: readonly string[], readable: SQL): SQL {
  return and(
    readable,
    sql`${documents.search} @@ ${tsquery}`,
    tags.length > 0 ? arrayContains(documents.tags, [...tags]) : undefined,
  )!;
}

/** HTML-escaped snippet with `<mark>` only where ts_headline put its marks. */
function snippetHtml(headline: string): string {
  return escapeHtml(headline.replace(/\s+/g, ' ').trim())
    .replaceAll(OPEN, '<mark>')
    .replaceAll(CLOSE, '</mark>');
}

async function rankedHits(
  tx: Database,
  tsquery: SQL,
  tags: readonly string[],
  readable: SQL,
  limit: number,
  now: Date,
) {
  const score = scoreOf(tsquery, now);
  const unmarked = (column: typeof documents.body | typeof documents.title) =>
    sql`translate(${column}, ${OPEN + CLOSE}, '')`;
  const rows = await tx
    .select({
      ...documentColumns,
      score: score.as('score'),
      bodyHeadline: sql<string>`ts_headline('english', ${unmarked(documents.body)}, ${tsquery}, ${HEADLINE_OPTIONS})`,
      titleHeadline: sql<string>`ts_headline('english', ${unmarked(documents.title)}, ${tsquery}, ${HEADLINE_OPTIONS})`,
    })
    .from(documents)
    .where(matching(tsquery, tags, readable))
    // By the output column: the rank is computed once per row, and the (costly) headlines are
    // left until after the limit.
    .orderBy(sql`score desc`, asc(documents.id))
    .limit(limit);
  return rows.map(({ score: value, bodyHeadline, titleHeadline, ...document }): SearchHitModel => {
    // The title carries the match when the body does not (e.g. the word is only in the title).
    const headline =
      !bodyHeadline.includes(OPEN) && titleHeadline.includes(OPEN) ? titleHeadline : bodyHeadline;
    return { document, score: Number(value), snippet: snippetHtml(headline) };
  });
}

async function hasMatch(
  tx: Database,
  tsquery: SQL,
  tags: readonly string[],
  readable: SQL,
): Promise<boolean> {
  const rows = await tx
    .select({ id: documents.id })
    .from(documents)
    .where(matching(tsquery, tags, readable))
    .limit(1);
  return rows.length > 0;
}

/**
 * A respelling of the query that finds something for this caller, or null. Each word missing
 * from the vocabulary (words of published public documents only, so a suggestion never leaks a
 * private word) is replaced by its most similar vocabulary word, the commoner one on a tie.
 */
async function didYouMean(
  deps: KnowledgeDeps,
  viewer: Viewer | null,
  query: string,
  tags: readonly string[],
): Promise<string | null> {
  const candidates = spellableWords(query);
  if (candidates.length === 0) return null;
  await deps.vocabulary.ensureFresh();
  return readAsViewer(deps, viewer, async (tx) => {
    const rows = rowsOf<{ word: string; suggestion: string }>(
      await tx.execute(sql`
        select w.word, s.word as suggestion
        from jsonb_array_elements_text(${JSON.stringify(candidates)}::jsonb) as w(word)
        cross join lateral (
          select v.word from knowledge.vocabulary v
          where v.word % w.word and similarity(v.word, w.word) >= ${sql.raw(String(RANKING.minSimilarity))}
          order by similarity(v.word, w.word) desc, v.ndoc desc, v.word
          limit 1
        ) s
        where not exists (select 1 from knowledge.vocabulary known where known.word = w.word)`),
    );
    if (rows.length === 0) return null;
    const corrected = replaceWords(query, new Map(rows.map((r) => [r.word, r.suggestion])));
    if (corrected === query) return null;
    return (await hasMatch(tx, tsqueryOf(corrected), tags, readableWhere(viewer, deps.filterReads)))
      ? corrected
      : null;
  });
}

/** Fire and forget: analytics must never slow down or fail a read. */
export function publishQuietly(deps: KnowledgeDeps, topic: string, data: Record<string, unknown>): void {
  void (async () => {
    try {
      await deps.bus.publish(topic, data);
    } catch (error) {
      deps.logger.warn({ err: error, topic }, 'could not publish a search event');
    }
  })();
}

/**
 * Ranked full-text search over what the caller may read (filtered here, and by row-level security), with
 * marked snippets and, when asked and nothing matched, a did-you-mean that does match.
 */
export async function search(
  deps: KnowledgeDeps,
  viewer: Viewer | null,
  args: SearchArgs,
): Promise<SearchResultModel> {
  const started = performance.now();
  const query = checkQueryText(args.query, 'query');
  const limit = pageSize(args.first, 10);
  const tags = checkTags(args.tags ?? []);
  const hits = await readAsViewer(deps, viewer, (tx) =>
    rankedHits(tx, tsqueryOf(query), tags, readableWhere(viewer, deps.filterReads), limit, deps.now()),
  );
  const suggestion =
    args.suggest && hits.length === 0 && limit > 0 ? await didYouMean(deps, viewer, query, tags) : null;
  publishQuietly(deps, 'search.performed', {
    query,
    resultCount: hits.length,
    latencyMs: performance.now() - started,
    userId: viewer?.userId ?? null,
  });
  return { hits, didYouMean: suggestion };
}
