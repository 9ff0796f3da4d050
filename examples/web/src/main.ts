import { createClient, type Tokens, UkpError } from '@ukp/client';
import { DocumentEventsDocument, MeDocument, SearchDocument } from '@ukp/client/documents';
import { describeEvent, element, form } from './dom.js';

// The gateway through Vite's dev proxy (same origin); a deployed page points at the real URL.
const url = new URL('/graphql', window.location.href).toString();
const STORAGE_KEY = 'ukp-example-tokens';

function storedTokens(): Tokens | undefined {
  const text = sessionStorage.getItem(STORAGE_KEY);
  return text ? (JSON.parse(text) as Tokens) : undefined;
}

// Tokens survive a reload in sessionStorage; the client refreshes them as they expire and tells
// us each new pair, which is the only place they need saving.
const initial = storedTokens();
const client = createClient({
  url,
  ...(initial ? { tokens: initial } : {}),
  onTokens: (tokens) => {
    if (tokens) sessionStorage.setItem(STORAGE_KEY, JSON.stringify(tokens));
    else sessionStorage.removeItem(STORAGE_KEY);
  },
});

const error = element('error');
function show(failure: unknown): void {
  // Branch on the typed code; quote the request id when reporting a problem.
  if (failure instanceof UkpError) {
    const hint =
      failure.code === 'INVALID_CREDENTIALS'
        ? 'Wrong email or password.'
        : failure.code === 'UNAUTHENTICATED'
          ? 'Please sign in again.'
          : failure.message;
    error.textContent = `${failure.code}: ${hint}${failure.requestId ? ` (request ${failure.requestId})` : ''}`;
  } else {
    error.textContent = String(failure);
  }
}

async function showWho(): Promise<void> {
  const { me } = await client.request(MeDocument);
  if (me) element('who').textContent = `Signed in as ${me.displayName} (${me.roles.join(', ')}).`;
}

form(
  'sign-in',
  async (fields) => {
    await client.signIn({ email: fields.get('email') ?? '', password: fields.get('password') ?? '' });
    await showWho();
  },
  show,
);

let watching: AsyncIterableIterator<unknown> | undefined;

async function watch(documentId: string, title: string): Promise<void> {
  await watching?.return?.();
  element('watching').textContent = `Watching “${title}”: edit it elsewhere and events appear here.`;
  const list = element('events');
  list.replaceChildren();
  const events = client.subscribe(DocumentEventsDocument, { documentId });
  watching = events;
  for await (const { documentEvents } of events) {
    const item = document.createElement('li');
    item.textContent = describeEvent(documentEvents);
    list.prepend(item);
  }
}

form(
  'search',
  async (fields) => {
    const { search } = await client.request(SearchDocument, { query: fields.get('query') ?? '', first: 10 });
    const hits = element('hits');
    hits.replaceChildren(
      ...search.map((hit) => {
        const item = document.createElement('li');
        item.textContent = `${hit.document.title} — ${hit.document.author.displayName} (${hit.score.toFixed(2)})`;
        const button = document.createElement('button');
        button.textContent = 'watch';
        button.addEventListener('click', () => {
          watch(hit.document.id, hit.document.title).catch(show);
        });
        item.append(button);
        return item;
      }),
    );
    if (search.length === 0) hits.textContent = 'No match.';
  },
  show,
);

if (initial) showWho().catch(show);
