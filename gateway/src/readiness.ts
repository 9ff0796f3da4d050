/** A subgraph is ready when its `/readyz` says so; subgraphs without one must answer `{ __typename }`. */
export async function checkSubgraph(url: string, timeoutMs: number): Promise<void> {
  const readyz = new URL(url);
  readyz.pathname = `${readyz.pathname.replace(/\/graphql$/, '')}/readyz`;
  const response = await fetch(readyz, { signal: AbortSignal.timeout(timeoutMs) });
  if (response.status === 404) {
    const probe = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __typename }' }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (!probe.ok) throw new Error(`answered ${probe.status}`);
    return;
  }
  if (!response.ok) {
    const body = await response.text().catch(() => '');
    throw new Error(`answered ${response.status} ${body.slice(0, 200)}`);
  }
}
