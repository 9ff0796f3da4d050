import type { Probe } from '../scan.js';
import { authProbes } from './auth.js';
import { clientAddressProbes } from './client-address.js';
import { graphqlProbes } from './graphql.js';
import { httpProbes } from './http.js';
import { markdownProbes } from './markdown.js';
import { responseSizeProbes } from './response-size.js';
import { slowlorisProbes } from './slowloris.js';
import { websocketProbes } from './websocket.js';

/** Every probe, in report order. */
export const probes: readonly Probe[] = [
  ...httpProbes,
  ...graphqlProbes,
  ...responseSizeProbes,
  ...authProbes,
  ...slowlorisProbes,
  ...websocketProbes,
  ...markdownProbes,
  ...clientAddressProbes,
  {
    name: 'the server still answers after the scan',
    group: 'baseline',
    run: (target) => httpProbes[0]!.run(target),
  },
];
