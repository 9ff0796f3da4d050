// Docker HEALTHCHECK: the running service's /healthz on the port its own variable names, with the
// same defaults the services' env schemas have (a container runs one service alone, so the
// `pnpm start` PORT+n rule does not apply). Node's fetch: the slim image has no curl.
import { readFileSync } from 'node:fs';

// The service PID 1 runs (the entry point execs node on its main.js): `docker run ukp users`
// overrides the image's default without changing the environment HEALTHCHECK sees.
const running = (() => {
  try {
    const cmdline = readFileSync('/proc/1/cmdline', 'utf8');
    return /(?:^|\0|\/)(gateway)\/dist\/main\.js|subgraphs\/([a-z]+)\/dist\/main\.js/.exec(cmdline);
  } catch {
    return null;
  }
})();
const service = running?.[1] ?? running?.[2] ?? process.argv[2] ?? 'gateway';
const ports = {
  gateway: ['PORT', 4000],
  users: ['USERS_PORT', 4001],
  knowledge: ['KNOWLEDGE_PORT', 4002],
  analytics: ['ANALYTICS_PORT', 4003],
  ml: ['ML_PORT', 4004],
};
const entry = ports[service];
// The migration Job has no server: nothing to check.
if (!entry) process.exit(0);
const [variable, fallback] = entry;
const port = process.env[variable] || fallback;
try {
  const res = await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(2500) });
  process.exit(res.ok ? 0 : 1);
} catch {
  process.exit(1);
}
