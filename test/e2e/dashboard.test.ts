import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CreateDocumentDocument, JoinDocumentDocument, LeaveDocumentDocument } from '@ukp/client/documents';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  adminToken,
  execute,
  startTestPlatform,
  type TestPlatform,
  userWithRoles,
} from '../testkit/platform.js';

const CHROMIUM = '/usr/bin/chromium';
/** DashboardMetrics, DashboardAnomalies and DashboardNotifications: what the page keeps open. */
const OWN_SUBSCRIPTIONS = 3;
const root = fileURLToPath(new URL('../../', import.meta.url));
// CI installs Debian's Chromium (.ci/run), so there a missing browser is a failure, not a skip.
const runnable = existsSync(CHROMIUM) || Boolean(process.env.CI);
if (!runnable) console.error(`dashboard browser test skipped: no ${CHROMIUM} (apt-get install -y chromium)`);

describe.skipIf(!runnable)('the dashboard in a real browser', () => {
  let t: TestPlatform;
  let context: BrowserContext;
  let page: Page;
  let viewer: { email: string; password: string };
  let profile = '';
  const cspViolations: string[] = [];

  beforeAll(async () => {
    // Built from source every run, so CI never tests a stale page.
    execFileSync(process.execPath, [join(root, 'gateway/dashboard/node_modules/vite/bin/vite.js'), 'build'], {
      cwd: join(root, 'gateway/dashboard'),
      stdio: 'pipe',
    });
    // As in production: /metrics is closed to all but the scrape token and ADMIN or ANALYST tokens.
    t = await startTestPlatform({ METRICS_TOKEN: randomBytes(24).toString('hex') });
    viewer = await userWithRoles(t, await adminToken(t), ['VIEWER']);
    profile = mkdtempSync(join(tmpdir(), 'ukp-chromium-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1280, height: 1400 },
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.on('console', (message) => {
      if (/Content.Security.Policy/i.test(message.text())) cspViolations.push(message.text());
    });
  });

  afterAll(async () => {
    await context?.close();
    await t?.stop();
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  const signIn = async (email: string, password: string) => {
    await page.goto(`${t.url.replace(/\/graphql$/, '')}/dashboard/`);
    await page.fill('input[name=email]', email);
    await page.fill('input[name=password]', password);
    await page.click('button[type=submit]');
  };
  const figure = async (panel: string, name: string) =>
    Number(await page.locator(`#${panel} dd[data-figure="${name}"]`).textContent());
  /** What the banner says, or '' when it is hidden: a failure then shows which problem stayed. */
  const bannerText = async () => ((await page.isVisible('#banner')) ? await page.textContent('#banner') : '');

  it('tells a VIEWER they lack access', async () => {
    await signIn(viewer.email, viewer.password);
    await expect.poll(() => page.textContent('#sign-in-error')).toContain('lack access');
    expect(await page.isVisible('#panels')).toBe(false);
  });

  it('shows an ADMIN live charts, numbers that move with traffic, and a subgraph going down and up', async () => {
    await signIn(t.admin.email, t.admin.password);
    await page.waitForSelector('#health li[data-state=up]');
    expect(await page.locator('#health li[data-state=up]').count()).toBe(4);

    // The charts draw on canvases: some pixel must be painted (axes at least, then lines).
    await page.waitForSelector('#chart-rps canvas');
    await expect
      .poll(
        () =>
          // A string, run in the page: this project's types have no DOM.
          page.evaluate<boolean[]>(`[...document.querySelectorAll('.chart canvas')].map((canvas) => {
            const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
            return canvas.width > 0 && data.some((v, i) => i % 4 === 3 && v > 0);
          })`),
        { timeout: 10_000 },
      )
      .toEqual([true, true, true, true]);

    // The page's own subscriptions (live metrics, anomalies, alerts) are running on the gateway.
    await page.waitForSelector('#gateway dd[data-figure="active subscriptions"]');
    await expect
      .poll(() => figure('gateway', 'active subscriptions'), { timeout: 10_000 })
      .toBeGreaterThanOrEqual(OWN_SUBSCRIPTIONS);

    // A live editing session opened elsewhere shows in the count, and leaves it again.
    const token = await adminToken(t);
    const created = await execute(
      t.url,
      CreateDocumentDocument,
      { input: { title: 'Dashboard session', body: 'Hello', tags: ['notes'] } },
      token,
    );
    const documentId = created.data!.createDocument.id;
    await page.waitForSelector('#collaboration dd[data-figure="collaboration sessions"]');
    const sessions = await figure('collaboration', 'collaboration sessions');
    expect((await execute(t.url, JoinDocumentDocument, { id: documentId }, token)).errors).toBeUndefined();
    await expect
      .poll(() => figure('collaboration', 'collaboration sessions'), { timeout: 10_000 })
      .toBe(sessions + 1);
    expect(await figure('collaboration', 'participants')).toBeGreaterThanOrEqual(1);
    expect((await execute(t.url, LeaveDocumentDocument, { id: documentId }, token)).errors).toBeUndefined();
    await expect
      .poll(() => figure('collaboration', 'collaboration sessions'), { timeout: 10_000 })
      .toBe(sessions);

    // Traffic through the gateway shows on the page without a reload.
    await page.waitForSelector('#gateway dd[data-figure="requests"]');
    const before = await figure('gateway', 'requests');
    const traffic = 60;
    for (let i = 0; i < traffic; i++) {
      const response = await fetch(t.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ __typename }' }),
      });
      expect(response.status).toBe(200);
    }
    await expect
      .poll(() => figure('gateway', 'requests'), { timeout: 10_000 })
      .toBeGreaterThanOrEqual(before + traffic);

    await t.platform.subgraphs.ml.stop();
    await page.waitForSelector('#health li[data-subgraph=ml][data-state=down]', { timeout: 10_000 });
    await expect.poll(() => page.textContent('#banner')).toContain('ml');
    expect(await page.isVisible('#banner')).toBe(true);

    await t.platform.subgraphs.ml.restart();
    await page.waitForSelector('#health li[data-subgraph=ml][data-state=up]', { timeout: 10_000 });
    await expect.poll(() => bannerText(), { timeout: 10_000 }).toBe('');

    // The page's subscriptions come from analytics: when it restarts the gateway ends them, and the
    // page must open them again (as it must when the gateway ends them at the access token's expiry).
    await t.platform.subgraphs.analytics.stop();
    await page.waitForSelector('#health li[data-subgraph=analytics][data-state=down]', { timeout: 10_000 });
    await t.platform.subgraphs.analytics.restart();
    await page.waitForSelector('#health li[data-subgraph=analytics][data-state=up]', { timeout: 10_000 });
    await expect
      .poll(() => figure('gateway', 'active subscriptions'), { timeout: 15_000 })
      .toBeGreaterThanOrEqual(OWN_SUBSCRIPTIONS);
    await expect.poll(() => bannerText(), { timeout: 10_000 }).toBe('');

    // A phone's width: nothing may push the page wider than the screen.
    await page.setViewportSize({ width: 375, height: 2400 });
    await expect
      .poll(() => page.evaluate<number>('document.documentElement.scrollWidth'))
      .toBeLessThanOrEqual(375);

    mkdirSync(join(root, 'test-results'), { recursive: true });
    await page.screenshot({ path: join(root, 'test-results/dashboard.png'), fullPage: true });
    expect(cspViolations).toEqual([]);
  });
});
