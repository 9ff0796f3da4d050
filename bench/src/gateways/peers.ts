// Other vendors' gateways as contenders in case (a), opt-in with BENCH_PEERS (comma-separated):
//   grafbase    Grafbase 0.79.2, its Rust engine (`grafbase start --federated-schema`)
//   hive        Hive Gateway with the Rust query planner (`--hive-router-runtime`), every request
//               executed as ours executes them: inbound dedup off (its default) and its upstream
//               in-flight dedup off (on by default: identical subgraph fetches of concurrent
//               requests share one — and the closed loop sends nothing but identical requests)
//   hive-dedup  the same with both dedups on: Hive at its best here (issue 14's first row)
//   all         these three
//   hive-defaults  Hive as shipped (inbound off, upstream on); by name only
// They are not workspace dependencies (CI would install them on every run): each is installed on
// first use, at pinned versions, into bench/.peers/<name>-<version>/ (gitignored) with
// `npm install --prefix`, and reused after. Like ours: one process, production mode, no rate
// limits, no response cache (both are off unless configured, and nothing configures them here).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '@ukp/kit/testing';
import { type BenchChild, type Command, gatewayNodeFlags, startCommand } from './child.js';

const peersDir = fileURLToPath(new URL('../../.peers/', import.meta.url));

interface Install {
  /** bench/.peers/<dir> */
  dir: string;
  /** Exact versions only: a peer's figures mean nothing without its version. */
  packages: string[];
}

interface Peer {
  name: string;
  label: string;
  install: Install;
  command(dir: string, supergraph: string, workDir: string, port: number): Command;
}

const grafbaseInstall: Install = { dir: 'grafbase-0.79.2', packages: ['grafbase@0.79.2'] };
const hiveInstall: Install = {
  dir: 'hive-gateway-2.15.1',
  packages: ['@graphql-hive/gateway@2.15.1', '@graphql-hive/router-runtime@1.4.23', 'graphql@16.15.0'],
};

/**
 * The npm package `grafbase` carries no binary: an optional dependency per platform does
 * (`@grafbase/cli-<target>`), and its postinstall only links it. Installed with
 * --ignore-scripts, so the binary is run from the platform package directly.
 */
function grafbaseBinary(dir: string): string {
  const targets: Record<string, string> = {
    'linux x64': 'x86_64-unknown-linux-musl',
    'linux arm64': 'aarch64-unknown-linux-musl',
    'darwin x64': 'x86_64-apple-darwin',
    'darwin arm64': 'aarch64-apple-darwin',
  };
  const target = targets[`${process.platform} ${process.arch}`];
  if (!target) throw new Error(`grafbase 0.79.2 ships no binary for ${process.platform} ${process.arch}`);
  const binary = join(dir, 'node_modules', '@grafbase', `cli-${target}`, 'grafbase');
  if (!existsSync(binary)) throw new Error(`npm installed no ${binary} (its optional dependency)`);
  return binary;
}

function hive(name: string, dedup: { inbound: boolean; upstream: boolean }): Peer {
  const config = {
    inboundInflightRequestDeduplication: dedup.inbound,
    // @graphql-tools/executor-http's `deduplicateInflightRequests`, per subgraph transport.
    transportEntries: { '*.http': { options: { deduplicateInflightRequests: dedup.upstream } } },
  };
  const onOff = (on: boolean) => (on ? 'on' : 'off');
  return {
    name,
    label: `Hive Gateway 2.15.1 + router runtime 1.4.23, inbound dedup ${onOff(dedup.inbound)}, upstream in-flight dedup ${onOff(dedup.upstream)}`,
    install: hiveInstall,
    command(dir, supergraph, workDir, port) {
      const file = join(workDir, `${name}.config.mjs`);
      writeFileSync(file, `export const gatewayConfig = ${JSON.stringify(config)};\n`);
      const bin = join(dir, 'node_modules', '@graphql-hive', 'gateway', 'dist', 'bin.js');
      return {
        command: process.execPath,
        // --fork 1: one process, as ours (Hive forks one worker per core when told to).
        args: [
          ...[...gatewayNodeFlags, bin, 'supergraph', supergraph, '--hive-router-runtime', '--fork', '1'],
          ...['-c', file, '-h', '127.0.0.1', '-p', String(port)],
        ],
        env: { NODE_ENV: 'production' },
        cwd: workDir,
        url: `http://127.0.0.1:${port}/graphql`,
      };
    },
  };
}

const peers: Peer[] = [
  {
    name: 'grafbase',
    label: 'Grafbase 0.79.2 (Rust, multi-threaded)',
    install: grafbaseInstall,
    command(dir, supergraph, workDir, port) {
      // `grafbase start` wants a project: a federated one is this single line of SDL.
      const project = join(workDir, 'grafbase-project');
      mkdirSync(join(project, 'grafbase'), { recursive: true });
      writeFileSync(join(project, 'grafbase', 'schema.graphql'), 'extend schema @graph(type: federated)\n');
      return {
        command: grafbaseBinary(dir),
        // --home: its state stays in the run's folder, not in ~/.grafbase.
        args: [
          ...['--home', join(project, 'home'), 'start', '--federated-schema', supergraph],
          ...['--listen-address', `127.0.0.1:${port}`, '--log-level', 'warn'],
        ],
        env: {},
        cwd: project,
        url: `http://127.0.0.1:${port}/graphql`,
      };
    },
  },
  hive('hive', { inbound: false, upstream: false }),
  hive('hive-dedup', { inbound: true, upstream: true }),
  hive('hive-defaults', { inbound: false, upstream: true }),
];
const all = ['grafbase', 'hive', 'hive-dedup'];

/** The peers BENCH_PEERS names, in a fixed order; an unknown name fails the run at once. */
export function selectedPeers(value = process.env.BENCH_PEERS ?? ''): Peer[] {
  const names = value
    .split(',')
    .map((n) => n.trim())
    .filter(Boolean);
  if (names.includes('all')) names.push(...all);
  const unknown = names.filter((n) => n !== 'all' && !peers.some((p) => p.name === n));
  if (unknown.length > 0) {
    const known = peers.map((p) => p.name).join(', ');
    throw new Error(`BENCH_PEERS: unknown ${unknown.join(', ')} (known: ${known}, all)`);
  }
  return peers.filter((p) => names.includes(p.name));
}

/** Installs once per version; a folder whose record matches the pins is reused as it is. */
function ensureInstalled(install: Install): { dir: string; note: string } {
  const dir = join(peersDir, install.dir);
  const record = join(dir, 'bench-installed.json');
  const pins = JSON.stringify(install.packages);
  if (existsSync(record) && readFileSync(record, 'utf8') === pins) {
    return { dir, note: `reused bench/.peers/${install.dir}` };
  }
  mkdirSync(dir, { recursive: true });
  process.stderr.write(
    `bench:gateways: npm install --prefix bench/.peers/${install.dir} ${install.packages.join(' ')}\n`,
  );
  execFileSync(
    'npm',
    [
      'install',
      '--prefix',
      dir,
      '--ignore-scripts',
      '--no-audit',
      '--no-fund',
      '--loglevel=error',
      ...install.packages,
    ],
    { stdio: ['ignore', 2, 2] },
  );
  writeFileSync(record, pins);
  return { dir, note: `installed into bench/.peers/${install.dir} with npm install --prefix` };
}

export interface StartedPeer {
  name: string;
  child: BenchChild;
}

/**
 * Installs and starts each selected peer over the supergraph. One that cannot run is left out,
 * with the reason in `notes` (the report prints them); the others go on.
 */
export async function startPeers(
  selected: Peer[],
  supergraph: string,
  workDir: string,
  notes: string[],
): Promise<StartedPeer[]> {
  const started: StartedPeer[] = [];
  for (const peer of selected) {
    try {
      const { dir, note } = ensureInstalled(peer.install);
      const port = await freePort();
      const child = await startCommand(peer.name, peer.command(dir, supergraph, workDir, port));
      notes.push(`${peer.name}: ${peer.label}; ${peer.install.packages.join(' ')} ${note}`);
      started.push({ name: peer.name, child });
    } catch (error) {
      notes.push(`${peer.name}: NOT RUN — ${(error as Error).message}`);
    }
  }
  return started;
}
