// What a PostgreSQL client really sends, read from its frontend protocol messages: the statements
// each flush carries (a simple query may hold several; an Execute runs what its Bind names) and
// whether the flush is a round trip. drizzle's logger sees neither BEGIN/COMMIT, nor the describe
// round trip postgres-js makes before running an unprepared statement that has parameters.

/** One flush of a connection: the statements it runs, and what else it carries. */
export interface Flush {
  /** Statement texts executed by this flush, in order (BEGIN and COMMIT included). */
  statements: string[];
  /** Parse + Describe without an Execute: postgres-js asking a statement's parameter types. */
  describeOnly: boolean;
  /** Query-protocol messages in it (0: startup, authentication or terminate only). */
  messages: number;
  /** The statement this flush is about: the last one parsed or run on the connection. */
  about: string;
}

const decoder = new TextDecoder();

function cString(buf: Uint8Array, at: number): [string, number] {
  let end = at;
  while (end < buf.length && buf[end] !== 0) end += 1;
  return [decoder.decode(buf.subarray(at, end)), end + 1];
}

/** Splits a simple query into its statements (no `;` inside the literals our platform sends). */
function statementsOf(text: string): string[] {
  return text
    .split(';')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/**
 * One connection's view: Parse names a statement's text, Bind picks a statement, Execute runs it.
 * Startup, authentication and other untyped messages are skipped.
 */
export class WireConnection {
  private readonly named = new Map<string, string>();
  private bound = '';
  private about = '';

  read(buf: Uint8Array): Flush {
    const flush: Flush = { statements: [], describeOnly: false, messages: 0, about: '' };
    const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    let parsed = false;
    let executed = false;
    let at = 0;
    while (at + 5 <= buf.length) {
      const type = buf[at]!;
      if (type === 0) {
        // Untyped (startup, SSL or cancel request): a length, then its body.
        at += view.getInt32(at);
        continue;
      }
      const length = view.getInt32(at + 1);
      const body = at + 5;
      const kind = String.fromCharCode(type);
      if ('QPBEDSHC'.includes(kind)) flush.messages += 1;
      if (kind === 'Q') {
        this.about = cString(buf, body)[0];
        flush.statements.push(...statementsOf(this.about));
      }
      if (kind === 'P') {
        const [name, next] = cString(buf, body);
        this.about = cString(buf, next)[0];
        this.named.set(name, this.about);
        parsed = true;
      }
      if (kind === 'B') {
        const [, next] = cString(buf, body); // portal
        this.bound = this.named.get(cString(buf, next)[0]) ?? '?';
      }
      if (kind === 'E') {
        this.about = this.bound;
        flush.statements.push(this.bound);
        executed = true;
      }
      at += 1 + length;
    }
    flush.describeOnly = parsed && !executed;
    flush.about = this.about;
    return flush;
  }
}

export const isBegin = (statement: string) => /^(begin|start transaction)\b/i.test(statement);
export const isTransactionEnd = (statement: string) => /^(commit|rollback|end)\b/i.test(statement);
