/**
 * Writes `src/fixtures/stem-reference.json`: how PostgreSQL itself stems every distinct word of the
 * given files and folders (the knowledge demo corpus, by `pnpm --filter @ukp/text stem:reference`)
 * plus the tricky words below, for the golden test in `src/stem.test.ts`.
 *
 * Two answers a word, both from the server:
 * - `snowball`: `ts_lexize` of a Snowball English dictionary, which is `english_stem` without its
 *   stop-word list (`english_stem` answers `{}` for "the", which says nothing about stemming);
 * - `english`: the lexemes `to_tsvector` makes of the word through a copy of the `english`
 *   configuration using that dictionary, i.e. what the search index holds (numbers and words with
 *   digits go to the `simple` dictionary there). Null when Postgres's parser does not read the
 *   word as one token ("x²" is the word "x" and a blank to it; our tokenizer keeps "x²").
 *
 * The dictionary and configuration are made inside a transaction that is rolled back: the database
 * is left as it was. `TEST_DATABASE_URL` picks the server (default: the local test Postgres).
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import postgres from 'postgres';
import { words } from '../src/tokenize.js';

/** Cases the Snowball English algorithm treats specially, and inputs at the edges of the tokenizer. */
const TRICKY = `
  generously generous generosity happiness happy happily running runs ran run agreed agreeing feed
  feeding cats cat caresses ponies ties news dying lying tying dies lies skies sky skis ski idly
  gently ugly early only singly howe atlas cosmos bias andes inning innings outing outings canning
  cannings herring herrings earring earrings proceed proceeds proceeding exceed exceeding succeed
  succeeding general generalization communism communication arsenal arsenic past paste universal
  university later emergency organization evening internal interfering apologist geologist added
  adding erred ebbing hopping hoping filing falling hissing controlling conditional relational
  rational electricity fitness effective oscillators vietnamization sensibility triplicate
  yes yellow yelling toy toys say says saying deploy deploys deployed deploying deployment
  kubernetes replicas replica analyses analysis data datum mice geese went feet knives fishes
  The user's key, the users' keys, it's, don't, o'clock, rock'n'roll, e-mail, one-to-one.
  2024 1990s 06 00 15 3 k8s x86 ipv6 mp3s utf8 oauth2 s3 v2 24x7 abc123s
  größe größen straße cafés café naïve naïvely résumés façades über zürich señores añoranzas
  données İstanbul москва компьютеры 東京 ελληνικά x² ١٢٣
`;

function filesUnder(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path)
    .sort()
    .flatMap((entry) => filesUnder(join(path, entry)));
}

const sources = process.argv.slice(2);
const vocabulary = new Set(words(TRICKY));
for (const file of sources.flatMap(filesUnder))
  for (const word of words(readFileSync(file, 'utf8'))) vocabulary.add(word);
const list = [...vocabulary].sort();

type Row = [word: string, snowball: string | null, english: string | null];

/** The only lexeme, or null when there are none or several. */
const one = (lexemes: string[]): string | null => (lexemes.length === 1 ? lexemes[0]! : null);

class Done extends Error {
  constructor(readonly rows: Row[]) {
    super('rolled back on purpose');
  }
}

const sql = postgres(process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres', {
  max: 1,
  onnotice: () => {},
});
let rows: Row[] = [];
let server = '';
try {
  const [found] = await sql<{ server: string }[]>`select version() as server`;
  server = found?.server ?? '';
  await sql.begin(async (tx) => {
    await tx`create text search dictionary ukp_stem_reference (template = snowball, language = english)`;
    await tx`create text search configuration ukp_stem_reference (copy = english)`;
    await tx`alter text search configuration ukp_stem_reference alter mapping replace english_stem with ukp_stem_reference`;
    const found = await tx<
      { word: string; snowball: string[] | null; tokens: string[]; english: string[] }[]
    >`
      select w.word,
             ts_lexize('ukp_stem_reference', w.word) as snowball,
             array(select d.token from ts_debug('ukp_stem_reference', w.word) d where d.alias <> 'blank') as tokens,
             array(select unnest(d.lexemes) from ts_debug('ukp_stem_reference', w.word) d) as english
      from unnest(${list}::text[]) as w(word)
      order by w.word collate "C"`;
    throw new Done(
      found.map((r): Row => {
        // Postgres's parser reads the word as that one token (not "x²" as "x" and a blank).
        const sameToken = r.tokens.length === 1 && r.tokens[0] === r.word;
        return [r.word, one(r.snowball ?? []), sameToken ? one(r.english) : null];
      }),
    );
  });
} catch (error) {
  if (!(error instanceof Done)) throw error;
  rows = error.rows;
} finally {
  await sql.end();
}

const out = new URL('../src/fixtures/stem-reference.json', import.meta.url);
const lines = rows.map(
  (row) => `    ${JSON.stringify(row).replaceAll('","', '", "').replaceAll(',null', ', null')}`,
);
writeFileSync(
  out,
  `{
  "generatedBy": "pnpm --filter @ukp/text stem:reference (scripts/stem-reference.ts)",
  "server": ${JSON.stringify(server)},
  "columns": ["word", "snowball (ts_lexize)", "english (to_tsvector)"],
  "words": [
${lines.join(',\n')}
  ]
}
`,
);
const split = rows.filter((row) => row[2] === null).length;
console.log(`${rows.length} words (${split} tokenized differently by Postgres's parser) → ${out.pathname}`);
