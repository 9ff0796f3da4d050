import type { Probe } from '../scan.js';
import { authProbes } from './auth.js';
import { graphqlProbes } from './graphql.js';
import { httpProbes } from './http.js';
import { slowlorisProbes } from './slowloris.js';
import { websocketProbes } from './websocket.js';

/** Every probe, in report order. */
export const probes: readonly Probe[] = [
  ...httpProbes,
  ...graphqlProbes,
  ...authProbes,
  ...slowlorisProbes,
  ...websocketProbes,
  {
    name: 'the server still answers after the scan',
    group: 'baseline',
    run: (target) => httpProbes[0]!.run(target),
  },
];
