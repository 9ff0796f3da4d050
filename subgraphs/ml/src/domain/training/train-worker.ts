/**
 * The training worker's entry: runs the learning core's `train` on the examples it was started
 * with, posts progress, then the encoded artifact (its buffer transferred, not copied).
 * Pure computation, so a long training never blocks the service's event loop.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { encodeArtifact, train } from '../learn/index.js';
import type { TrainWorkerInput, TrainWorkerMessage } from './worker-protocol.js';

const port = parentPort;
if (!port) throw new Error('train-worker must run in a worker thread');
const input = workerData as TrainWorkerInput;
const post = (message: TrainWorkerMessage, transfer: ArrayBuffer[] = []) =>
  port.postMessage(message, transfer);

try {
  const { artifact, ...model } = train(input.examples, {
    ...input.options,
    onProgress: (fraction) => post({ type: 'progress', fraction }),
  });
  const bytes = encodeArtifact(artifact);
  post({ type: 'done', model, artifact: bytes }, [bytes.buffer as ArrayBuffer]);
} catch (error) {
  post({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
}
