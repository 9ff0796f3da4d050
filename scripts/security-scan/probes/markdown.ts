import { HtmlRenderer, Parser } from 'commonmark';
import { parseJson, postGraphql, short } from '../http.js';
import { type Probe, type ScanTarget, Skip } from '../scan.js';

/**
 * Document bodies are Markdown that readers' clients render. With a token allowed to create
 * documents (SCAN_EDITOR_TOKEN), these probes store hostile bodies as PRIVATE documents, check
 * what comes back, and delete them again.
 */

const reader = new Parser();
// safe: false passes raw HTML and every URL through, as many clients do: the stored body itself
// must be inert, not the renderer's settings.
const renderer = new HtmlRenderer({ safe: false });

/** A URL as a browser reads it: references decoded, blanks and controls gone, lower case. */
function asRead(url: string): string {
  return (
    url
      .replace(/&#x([0-9a-f]+);?/gi, (_m, hex: string) => String.fromCodePoint(Number.parseInt(hex, 16)))
      .replace(/&#([0-9]+);?/g, (_m, dec: string) => String.fromCodePoint(Number.parseInt(dec, 10)))
      .replace(/&colon;?/gi, ':')
      .replace(/&(tab|newline);?/gi, '')
      // biome-ignore lint/suspicious/noControlCharactersInRegex: browsers drop these from URLs; so must the check.
      .replace(/[\u0000-\u0020\u007f-\u009f]/g, '')
      .toLowerCase()
  );
}

/**
 * What is live in `markdown` rendered by the CommonMark reference renderer: script, vbscript,
 * data or file URLs in href/src-like attributes, event-handler attributes, script-like elements.
 */
export function liveScriptIn(markdown: string): string[] {
  const html = renderer.render(reader.parse(markdown));
  const found: string[] = [];
  for (const [, name, value] of html.matchAll(
    /(href|src|action|formaction|xlink:href)\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)/gi,
  )) {
    const url = asRead((value ?? '').replace(/^["']|["']$/g, ''));
    if (/^(javascript|vbscript|data|file):/.test(url)) found.push(`${name}="${short(url, 60)}"`);
  }
  for (const tag of html.match(/<[a-z][^>]*>?/gi) ?? []) {
    if (/[\s/"'`]on[a-z]+\s*=/i.test(tag)) found.push(`a handler in ${short(tag, 60)}`);
  }
  const element = /<\s*(script|iframe|object|embed|svg|math|base)\b/i.exec(html);
  if (element) found.push(`a <${element[1]}> element`);
  return found;
}

/** Script links CommonMark renderers make live, which a line-by-line filter tends to miss. */
export const SCRIPT_LINK_BODIES: readonly string[] = [
  '> [a]: javascript:alert(1)\n>\n> [x][a]',
  '- [a]: javascript:alert(1)\n\n[x][a]',
  '[a\\]b]: javascript:alert(1)\n\n[x][a\\]b]',
  '[a]:\n<javascript:alert(1)>\n\n[x][a]',
  '| a |\n|---|\n| [x](javascript:alert(1)) |',
  '[x](javascript:alert(1))',
  '[x](JaVaScRiPt&#58;alert(1))',
  '[x](<javascript:alert(1)>)',
  '![x](javascript:alert(1))',
  '[x](vbscript:msgbox(1))',
  '[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
  '<javascript:alert(1)>',
  '<a href="javascript:alert(1)">x</a>',
  '> <img src=x onerror=alert(1)>',
  'x <script>alert(1)</script> y',
];

/** Bodies that make a backtracking Markdown parser or regular expression quadratic (~100 KB). */
export const QUADRATIC_BODIES: Readonly<Record<string, string>> = {
  'images never closed': `zqx ${'![a '.repeat(24_000)}`,
  'brackets on their own lines': '[\n'.repeat(48_000),
  'emphasis openers never closed': `zqx ${'*a_'.repeat(32_000)}`,
  'link openers': `zqx ${'[a]('.repeat(24_000)}`,
  'nested block quotes': `${'> '.repeat(48_000)}zqx`,
};

interface GraphqlAnswer {
  data?: Record<string, unknown> | null;
  errors?: Array<{ message?: string; extensions?: { code?: string } }>;
}

async function graphql(target: ScanTarget, token: string, query: string, variables: object) {
  const answer = await postGraphql(target.url, { query, variables }, { authorization: `Bearer ${token}` });
  return { status: answer.status, body: (parseJson(answer.text) ?? {}) as GraphqlAnswer, text: answer.text };
}

function editorToken(target: ScanTarget): string {
  if (!target.editorToken) throw new Skip('needs SCAN_EDITOR_TOKEN (a user who may create documents)');
  return target.editorToken;
}

const CREATE = `mutation ($input: CreateDocumentInput!) { createDocument(input: $input) { id body } }`;
const READ = 'query ($id: ID!) { document(id: $id) { body } }';
const DELETE = 'mutation ($id: ID!) { deleteDocument(id: $id) }';

/** Creates a PRIVATE document; null when it was refused as bad input (a fine answer). */
async function create(target: ScanTarget, token: string, title: string, body: string) {
  const answer = await graphql(target, token, CREATE, { input: { title, body, visibility: 'PRIVATE' } });
  const created = answer.body.data?.createDocument as { id: string; body: string } | undefined;
  if (created) return { id: created.id };
  const code = answer.body.errors?.[0]?.extensions?.code;
  if (code === 'BAD_USER_INPUT') return null;
  throw new Error(`createDocument answered ${answer.status}: ${short(answer.text)}`);
}

async function remove(target: ScanTarget, token: string, id: string) {
  await graphql(target, token, DELETE, { id });
}

/** How long `{ __typename }` takes to answer, in ms. */
async function typenameLatency(target: ScanTarget): Promise<number> {
  const started = performance.now();
  await postGraphql(target.url, { query: '{ __typename }' });
  return performance.now() - started;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export const markdownProbes: Probe[] = [
  {
    name: 'script links: stored bodies render with no script URL',
    group: 'content',
    async run(target) {
      const token = editorToken(target);
      const findings: string[] = [];
      for (const [i, body] of SCRIPT_LINK_BODIES.entries()) {
        const created = await create(target, token, `scan: script link ${i + 1}`, body);
        if (!created) continue;
        try {
          const read = await graphql(target, token, READ, { id: created.id });
          const stored = (read.body.data?.document as { body?: string } | null | undefined)?.body;
          if (typeof stored !== 'string') {
            findings.push(`the document made from ${JSON.stringify(body)} could not be read back`);
            continue;
          }
          const live = liveScriptIn(stored);
          if (live.length > 0) findings.push(`${JSON.stringify(body)} is stored live: ${live.join(', ')}`);
        } finally {
          await remove(target, token, created.id);
        }
      }
      return findings;
    },
  },
  {
    name: 'linear-time Markdown: hostile bodies do not stall other requests',
    group: 'limits',
    async run(target) {
      const token = editorToken(target);
      const maxMs = target.markdownStallMaxMs;
      const findings: string[] = [];
      for (const [name, body] of Object.entries(QUADRATIC_BODIES)) {
        const created: Array<{ id: string } | null> = [];
        // The save and an answer over it, with trivial queries sent while they are being worked on.
        // Settled into a value at once, so a failure waits for us instead of crashing the scan.
        const work = (async () => {
          created.push(await create(target, token, `scan: ${name}`, body));
          await graphql(target, token, 'query ($q: String!) { ask(question: $q) { text } }', {
            q: 'what is zqx?',
          });
        })().then(
          () => null,
          (error: unknown) => error,
        );
        const latencies: number[] = [];
        for (const delay of [50, 300, 800]) {
          await sleep(delay);
          latencies.push(await typenameLatency(target));
        }
        const failed = await work;
        for (const doc of created) if (doc) await remove(target, token, doc.id);
        if (failed) throw failed;
        const worst = Math.max(...latencies);
        if (worst > maxMs) {
          findings.push(
            `with ${name} (${body.length} characters) being saved, { __typename } took ${Math.round(worst)} ms`,
          );
        }
      }
      return findings;
    },
  },
];
