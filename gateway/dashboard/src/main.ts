import { isUkpError, type StopLive, type Tokens, type UkpClient } from '@ukp/client';
import {
  DashboardAnomaliesDocument,
  DashboardCollaborationDocument,
  DashboardMetricsDocument,
  DashboardNotificationsDocument,
  DashboardOverviewDocument,
  type DashboardOverviewQuery,
  DashboardSignInDocument,
} from '@ukp/client/documents';
import { dashboardClient, getText } from './api.js';
import { RollingChart } from './charts.js';
import {
  parsePrometheus,
  type SubgraphCounters,
  subgraphCounters,
  subgraphRates,
  sum,
} from './prometheus.js';
import { clear, figures, listItem, table } from './view.js';

const LIVE_METRICS = ['requests', 'errors', 'latency_p95_ms', 'active_subscriptions'];
const HEALTH_EVERY_MS = 2000;
const OVERVIEW_EVERY_MS = 5000;

const $ = <E extends HTMLElement>(id: string) => document.getElementById(id) as E;
const form = $<HTMLFormElement>('sign-in');
const signInError = $('sign-in-error');
const panels = $('panels');
const banner = $('banner');
const who = $('who');
const signOut = $<HTMLButtonElement>('sign-out');

/** What is wrong right now, by source; the banner shows them all until each clears itself. */
const problems = new Map<string, string>();
function problem(key: string, message: string | undefined): void {
  if (message) problems.set(key, message);
  else problems.delete(key);
  banner.hidden = problems.size === 0;
  banner.textContent = [...problems.values()].join(' · ');
}

interface Session {
  client: UkpClient;
  timers: number[];
  /** Stop the live subscriptions at sign-out: no further event is shown. */
  stops: StopLive[];
}
let session: Session | undefined;

form.addEventListener('submit', (event) => {
  event.preventDefault();
  const data = new FormData(form);
  signInError.textContent = '';
  void signIn(String(data.get('email')), String(data.get('password')));
});
signOut.addEventListener('click', () => end());

async function signIn(email: string, password: string): Promise<void> {
  try {
    const { login } = await dashboardClient().request(DashboardSignInDocument, {
      input: { email, password },
    });
    const roles = login.user.roles;
    // The subgraphs enforce this too (analytics answers FORBIDDEN): this is only the clear message.
    if (!roles.includes('ADMIN') && !roles.includes('ANALYST')) {
      signInError.textContent = `You lack access to the dashboard: it needs the ADMIN or ANALYST role (you have ${roles.join(', ') || 'none'}).`;
      return;
    }
    who.textContent = `${login.user.displayName} (${roles.join(', ')})`;
    start({ accessToken: login.accessToken, refreshToken: login.refreshToken });
  } catch (error) {
    signInError.textContent = isUkpError(error, 'INVALID_CREDENTIALS')
      ? 'Wrong email or password.'
      : `Could not sign in: ${(error as Error).message}`;
  }
}

function end(): void {
  if (!session) return;
  for (const t of session.timers) clearInterval(t);
  for (const stop of session.stops) stop();
  session.client.signOut();
  void session.client.dispose();
  session = undefined;
  problems.clear();
  problem('', undefined);
  panels.hidden = true;
  form.hidden = false;
  signOut.hidden = true;
  who.textContent = '';
}

function start(tokens: Tokens): void {
  form.hidden = true;
  panels.hidden = false;
  signOut.hidden = false;
  const client = dashboardClient(tokens, {
    connected: () => problem('socket', undefined),
    closed: () => {
      if (session?.client === client) problem('socket', 'Live connection lost: reconnecting…');
    },
  });
  session = { client, timers: [], stops: [] };
  const s = session;
  const ended = () => problem('session', 'Your session has expired: sign in again.');

  const liveChart = new RollingChart($('chart-live'), ['requests', 'errors']);
  const live: Record<string, number> = {};
  s.stops.push(
    client.live(
      DashboardMetricsDocument,
      { metrics: LIVE_METRICS },
      {
        data: ({ metricUpdated }) => {
          live[metricUpdated.metric] = metricUpdated.value;
          liveChart.push(Date.now(), { requests: live.requests ?? null, errors: live.errors ?? null });
          const rate = live.requests ? (live.errors ?? 0) / live.requests : 0;
          figures($('live'), {
            requests: live.requests ?? 0,
            errors: live.errors ?? 0,
            'error rate': `${(rate * 100).toFixed(1)} %`,
            'p95 latency (ms)': live.latency_p95_ms ?? 0,
            'active subscriptions': live.active_subscriptions ?? 0,
          });
        },
        interrupted: () => problem('metrics', 'Live metrics unavailable (analytics down?): retrying…'),
        resumed: () => problem('metrics', undefined),
        ended,
      },
    ),
    client.live(
      DashboardAnomaliesDocument,
      {},
      {
        data: ({ anomalyDetected: a }) =>
          listItem(
            $('anomalies'),
            `${a.at} ${a.metric}: ${a.value} (expected ${a.expected.toFixed(1)}, score ${a.score.toFixed(1)})`,
            20,
          ),
        ended,
      },
    ),
    client.live(
      DashboardNotificationsDocument,
      {},
      {
        data: ({ notifications: n }) => listItem($('alerts'), `${n.at} ${n.metric}: ${n.message}`, 20),
        ended,
      },
    ),
  );

  s.timers.push(window.setInterval(() => void health(), HEALTH_EVERY_MS));
  s.timers.push(window.setInterval(() => void collaboration(client), HEALTH_EVERY_MS));
  s.timers.push(window.setInterval(() => void overview(client), OVERVIEW_EVERY_MS));
  void health();
  void collaboration(client);
  void overview(client);
}

let charts: { rps: RollingChart; p95: RollingChart; errors: RollingChart } | undefined;
let previous: { at: number; counters: Map<string, SubgraphCounters> } | undefined;

/** Subgraph health from the gateway's /readyz, traffic and refusals from its /metrics. */
async function health(): Promise<void> {
  let ready: { checks?: Record<string, { ok: boolean; error?: string }> };
  try {
    ready = JSON.parse((await getText('/readyz')).text);
    problem('gateway', undefined);
  } catch {
    problem('gateway', 'The gateway does not answer: retrying…');
    return;
  }
  const subgraphs = Object.entries(ready.checks ?? {})
    .filter(([name]) => name.startsWith('subgraph:'))
    .map(([name, check]) => ({ name: name.slice('subgraph:'.length), ...check }));
  const list = $('health');
  clear(list);
  for (const sg of subgraphs) {
    const li = document.createElement('li');
    li.className = sg.ok ? 'up' : 'down';
    li.dataset.subgraph = sg.name;
    li.dataset.state = sg.ok ? 'up' : 'down';
    li.textContent = `${sg.name}: ${sg.ok ? 'up' : `down (${sg.error ?? 'no answer'})`}`;
    list.append(li);
  }
  const down = subgraphs.filter((sg) => !sg.ok).map((sg) => sg.name);
  problem('subgraphs', down.length ? `Down: ${down.join(', ')}` : undefined);

  // The signed-in ADMIN or ANALYST's access token opens /metrics even behind METRICS_TOKEN.
  const metrics = await getText('/metrics', session?.client.tokens?.accessToken).catch(() => undefined);
  if (metrics?.status !== 200) {
    figures($('security'), { note: 'The gateway does not serve /metrics to the page here.' });
    return;
  }
  const samples = parsePrometheus(metrics.text);
  const now = Date.now();
  const counters = subgraphCounters(samples);
  charts ??= {
    rps: new RollingChart(
      $('chart-rps'),
      subgraphs.map((sg) => sg.name),
    ),
    p95: new RollingChart(
      $('chart-p95'),
      subgraphs.map((sg) => sg.name),
    ),
    errors: new RollingChart(
      $('chart-errors'),
      subgraphs.map((sg) => sg.name),
    ),
  };
  if (previous) {
    const seconds = (now - previous.at) / 1000;
    const rps: Record<string, number | null> = {};
    const p95: Record<string, number | null> = {};
    const errors: Record<string, number | null> = {};
    for (const [name, after] of counters) {
      const r = subgraphRates(previous.counters.get(name), after, seconds);
      rps[name] = r.rps;
      p95[name] = r.p95Ms;
      errors[name] = r.errorRate;
    }
    charts.rps.push(now, rps);
    charts.p95.push(now, p95);
    charts.errors.push(now, errors);
  }
  previous = { at: now, counters };
  figures($('gateway'), {
    requests: sum(samples, 'ukp_gateway_requests_total'),
    'open sockets': sum(samples, 'ukp_gateway_ws_sockets_open'),
    'active subscriptions': sum(samples, 'ukp_gateway_subscriptions_active'),
  });
  const code = (c: string) => sum(samples, 'ukp_gateway_errors_total', { code: c });
  figures($('security'), {
    'sign-in failures': code('INVALID_CREDENTIALS'),
    'account locks': code('ACCOUNT_LOCKED'),
    'rate-limit refusals': sum(samples, 'ukp_gateway_rate_limit_rejections_total'),
    'socket-cap refusals': sum(samples, 'ukp_gateway_ws_sockets_refused_total'),
    'hostile documents (limits)': sum(samples, 'ukp_gateway_limit_rejections_total'),
    'untrusted documents': code('OPERATION_NOT_ALLOWED'),
  });
}

/** Live editing, from knowledge (ANALYST or ADMIN): counts over every instance. */
async function collaboration(client: UkpClient): Promise<void> {
  try {
    const { collaborationActivity: a } = await client.request(DashboardCollaborationDocument);
    figures($('collaboration'), { 'collaboration sessions': a.sessions, participants: a.participants });
    problem('collaboration', undefined);
  } catch (error) {
    if (!client.tokens) return; // the overview says the session is over
    problem('collaboration', `Live editing unavailable: ${(error as Error).message}`);
  }
}

type Overview = DashboardOverviewQuery;
type Stat = Overview['slowest'][number];

/** What no subscription carries: KPIs, operation stats and experiments, every few seconds. */
async function overview(client: UkpClient): Promise<void> {
  const to = new Date();
  const from = new Date(to.getTime() - 3600_000);
  let data: Overview;
  try {
    data = await client.request(DashboardOverviewDocument, {
      from: from.toISOString(),
      to: to.toISOString(),
    });
    problem('overview', undefined);
  } catch (error) {
    // The client has refreshed the access token already; a refusal now means the session is over.
    if (isUkpError(error, 'UNAUTHENTICATED') || !client.tokens) {
      problem('overview', 'Your session has expired: sign in again.');
    } else {
      problem('overview', `Analytics unavailable: ${(error as Error).message}`);
    }
    return;
  }
  if (data.kpis) {
    figures($('kpis'), {
      'active users': data.kpis.activeUsers ?? 0,
      searches: data.kpis.searches ?? 0,
      questions: data.kpis.questions ?? 0,
      'documents created': data.kpis.documentsCreated ?? 0,
      'p95 latency (ms)': data.kpis.p95LatencyMs ?? 0,
      'error rate': `${((data.kpis.errorRate ?? 0) * 100).toFixed(1)} %`,
    });
  }
  const ops = (rows: Stat[] | null) =>
    (rows ?? []).map((r) => [
      r.operationName,
      r.operationType,
      String(r.count),
      r.p95Ms.toFixed(1),
      `${(r.errorRate * 100).toFixed(1)} %`,
    ]);
  const header = ['operation', 'type', 'count', 'p95 ms', 'errors'];
  table($('slowest'), header, ops(data.slowest));
  table($('failing'), header, ops(data.failing));
  table(
    $('experiments'),
    ['experiment', 'status', 'metric', 'verdict'],
    (data.experiments ?? [])
      .filter((e) => e.status === 'RUNNING')
      .map((e) => [e.key, e.status, e.metric, verdict(e)]),
  );
  const alerts = $('alerts');
  if (alerts.childElementCount === 0) {
    for (const n of [...(data.notifications ?? [])].reverse())
      listItem(alerts, `${n.at} ${n.metric}: ${n.message}`, 20);
  }
}

function verdict(e: Overview['experiments'][number]): string {
  if (e.sampleRatioMismatch) return 'sample ratio mismatch: do not trust';
  if (e.winner) return `${e.winner} wins`;
  const best = e.variants
    .filter((v) => v.pValue !== null)
    .sort((a, b) => (a.pValue ?? 1) - (b.pValue ?? 1))[0];
  return best ? `no winner yet (best p=${best.pValue!.toFixed(3)})` : 'collecting data';
}
