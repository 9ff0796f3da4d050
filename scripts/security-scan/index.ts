export { probes } from './probes/index.js';
export {
  formatReport,
  type Probe,
  type ProbeResult,
  type ProbeStatus,
  runScan,
  type ScanTarget,
  Skip,
} from './scan.js';
export { targetFrom } from './target.js';
