import { appendFileSync, copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DocumentPublishedDocument, MeDocument } from '@ukp/client/documents';
import { subscribe, wsClient } from '@ukp/kit/testing';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { execute, startTestPlatform, type TestPlatform } from '../testkit/platform.js';

const committed = fileURLToPath(new URL('../../schema/supergraph.graphql', import.meta.url));

/** The gateway follows its supergraph file: a change is served at once, subscriptions are told. */
describe('supergraph hot reload', () => {
  let t: TestPlatform;
  let dir = '';
  let path = '';

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ukp-reload-'));
    path = join(dir, 'supergraph.graphql');
    copyFileSync(committed, path);
    t = await startTestPlatform({ SUPERGRAPH_PATH: path });
  });
  afterAll(async () => {
    await t?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('ends active subscriptions with SCHEMA_RELOADED and keeps answering queries', async () => {
    const client = wsClient(t.url);
    const published = subscribe(client, DocumentPublishedDocument, {});
    // The subscription is live once the gateway counts it.
    await vi.waitFor(() => expect(t.platform.gateway.subscriptionStats().subscriptions).toBe(1), {
      timeout: 5000,
      interval: 50,
    });
    appendFileSync(path, '\n# reloaded by the hot-reload test\n');
    const ended = await published.next(10_000);
    expect(ended.errors?.[0]?.extensions?.code).toBe('SCHEMA_RELOADED');
    const me = await execute(t.url, MeDocument, {});
    expect(me.errors).toBeUndefined();
    expect(me.data?.me).toBeNull();
    await published.close();
    await client.dispose();
  });
});
