/** What a probe knows: the endpoint, and what the operator chose to tell the scanner. */
export interface ScanTarget {
  /** The GraphQL endpoint, e.g. http://127.0.0.1:4000/graphql (also its WebSocket URL). */
  url: URL;
  /** A valid access token of a low-privilege user, to test forgery built on a real token. */
  token?: string | undefined;
  /** A token of a user who may create documents (EDITOR): the Markdown probes store bodies. */
  editorToken?: string | undefined;
  /** How long `{ __typename }` may take while a hostile Markdown body is being saved or read. */
  markdownStallMaxMs: number;
  /** A token of that issuer that has expired (only the issuer can make one). */
  expiredToken?: string | undefined;
  /** An origin the server is configured to allow: its look-alikes must not be. */
  allowedOrigin?: string | undefined;
  /** An operation the low-privilege user must not be allowed to run. */
  privilegedQuery?: string | undefined;
  /** A subscription any caller may open (to count how many one socket may hold). */
  subscription: string;
  /** Subscriptions to open on one socket; the server must refuse some of them. */
  subscriptionFlood: number;
  /** How long a server may take to drop a client trickling its headers (slowloris). */
  slowHeadersMaxMs: number;
  /** How long a server may wait for `connection_init` before closing the socket (4408). */
  wsInitMaxMs: number;
  /** Open sockets one address may hold (the gateway's WS_MAX_SOCKETS_PER_ADDRESS), when told. */
  wsSocketCap?: number | undefined;
}

export type ProbeStatus = 'PASS' | 'FINDING' | 'SKIP';

export interface Probe {
  name: string;
  /** What an auditor would call the area: body, auth, cors, limits, websocket, … */
  group: string;
  /** Takes seconds (waits on a server timeout): runs beside the others instead of in line. */
  slow?: boolean;
  /** Resolves with what is wrong (empty: nothing); throws `Skip` when it cannot run here. */
  run(target: ScanTarget): Promise<string[]>;
}

export class Skip extends Error {}

export interface ProbeResult {
  name: string;
  group: string;
  status: ProbeStatus;
  /** The findings, or the reason for a skip. */
  details: string[];
  ms: number;
}

async function runOne(probe: Probe, target: ScanTarget): Promise<ProbeResult> {
  const started = Date.now();
  const result = (status: ProbeStatus, details: string[]): ProbeResult => ({
    name: probe.name,
    group: probe.group,
    status,
    details,
    ms: Date.now() - started,
  });
  try {
    const findings = await probe.run(target);
    return result(findings.length > 0 ? 'FINDING' : 'PASS', findings);
  } catch (error) {
    if (error instanceof Skip) return result('SKIP', [error.message]);
    // A probe that could not finish is reported, never silently passed.
    return result('FINDING', [`probe failed: ${(error as Error).message}`]);
  }
}

/** Runs every probe: the slow ones all at once in the background, the rest one after another. */
export async function runScan(
  probes: readonly Probe[],
  target: ScanTarget,
  onResult?: (result: ProbeResult) => void,
): Promise<ProbeResult[]> {
  const report = (r: ProbeResult) => {
    onResult?.(r);
    return r;
  };
  const slow = Promise.all(probes.filter((p) => p.slow).map((p) => runOne(p, target).then(report)));
  const results: ProbeResult[] = [];
  for (const probe of probes.filter((p) => !p.slow)) results.push(report(await runOne(probe, target)));
  results.push(...(await slow));
  const order = new Map(probes.map((p, i) => [p.name, i]));
  return results.sort((a, b) => (order.get(a.name) ?? 0) - (order.get(b.name) ?? 0));
}

/** The results as a plain-text table, then a summary line. */
export function formatReport(results: readonly ProbeResult[]): string {
  const nameWidth = Math.max(...results.map((r) => r.name.length), 5);
  const groupWidth = Math.max(...results.map((r) => r.group.length), 5);
  const lines = [`${'GROUP'.padEnd(groupWidth)}  ${'PROBE'.padEnd(nameWidth)}  RESULT`];
  for (const r of results) {
    lines.push(`${r.group.padEnd(groupWidth)}  ${r.name.padEnd(nameWidth)}  ${r.status}`);
    for (const detail of r.details) lines.push(`${' '.repeat(groupWidth + 2)}  - ${detail}`);
  }
  const count = (s: ProbeStatus) => results.filter((r) => r.status === s).length;
  lines.push(
    '',
    `${results.length} probes: ${count('PASS')} passed, ${count('FINDING')} with findings, ${count('SKIP')} skipped`,
  );
  return lines.join('\n');
}
