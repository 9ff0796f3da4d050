import type { Example, TrainedModel, TrainOptions } from '../learn/index.js';

/** What the training worker is started with (its `workerData`). */
export interface TrainWorkerInput {
  examples: Example[];
  options: Omit<TrainOptions, 'onProgress'>;
}

/** What it posts back: progress, then exactly one of done or failed. */
export type TrainWorkerMessage =
  | { type: 'progress'; fraction: number }
  | { type: 'done'; model: Omit<TrainedModel, 'artifact'>; artifact: Uint8Array }
  | { type: 'failed'; message: string };
