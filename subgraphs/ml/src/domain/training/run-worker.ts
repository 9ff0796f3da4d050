import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { TrainedModel } from '../learn/index.js';
import type { TrainWorkerInput, TrainWorkerMessage } from './worker-protocol.js';

/** A training run that failed in the learning core (bad data): its message is for the caller. */
export class TrainingError extends Error {
  override name = 'TrainingError';
}

/**
 * How to start the worker. Built (dist/…/run-worker.js): the compiled sibling `train-worker.js`,
 * plain Node. From source (tsx, vitest: this module's URL ends in .ts): `train-worker.ts` through
 * a bootstrap that registers tsx's CommonJS hooks in the worker and requires the entry, which tsx
 * compiles (its ESM `--import tsx` does not reach a worker's entry on Node 20: the worker fails
 * with ERR_UNKNOWN_FILE_EXTENSION). The `ukp-source` condition makes the workspace packages it
 * imports resolve to their sources, as they do for the parent; tsx is resolved from this file to
 * an absolute path, so the worker starts whatever the current directory.
 */
export function workerEntry(base: string = import.meta.url): {
  entry: URL | string;
  eval: boolean;
  execArgv?: string[];
} {
  if (!base.endsWith('.ts')) return { entry: new URL('./train-worker.js', base), eval: false };
  const tsx = createRequire(base).resolve('tsx/cjs/api');
  const entry = fileURLToPath(new URL('./train-worker.ts', base));
  const bootstrap = `require(${JSON.stringify(tsx)}).register(); require(${JSON.stringify(entry)});`;
  return { entry: bootstrap, eval: true, execArgv: ['--conditions=ukp-source'] };
}

export interface RunTrainingOptions {
  onProgress?: (fraction: number) => void;
  /** Aborting terminates the worker; the run rejects with the signal's reason. */
  signal?: AbortSignal;
}

export interface TrainingOutput {
  model: Omit<TrainedModel, 'artifact'>;
  /** `encodeArtifact` bytes, transferred from the worker. */
  artifact: Uint8Array;
}

/** Runs `train` in a worker thread of its own; resolves with the model and its encoded artifact. */
export function runTraining(
  input: TrainWorkerInput,
  options: RunTrainingOptions = {},
): Promise<TrainingOutput> {
  return new Promise((resolve, reject) => {
    if (options.signal?.aborted) {
      reject(options.signal.reason);
      return;
    }
    const entry = workerEntry();
    const worker = new Worker(entry.entry, {
      eval: entry.eval,
      workerData: input,
      ...(entry.execArgv ? { execArgv: entry.execArgv } : {}),
    });
    let settled = false;
    const finish = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      options.signal?.removeEventListener('abort', abort);
      outcome();
      // The worker ends by itself after its last message; terminate covers the error paths.
      void worker.terminate();
    };
    const abort = () => finish(() => reject(options.signal?.reason));
    options.signal?.addEventListener('abort', abort, { once: true });
    worker.on('message', (message: TrainWorkerMessage) => {
      if (message.type === 'progress') {
        if (!settled) options.onProgress?.(message.fraction);
      } else if (message.type === 'done') {
        finish(() => resolve({ model: message.model, artifact: message.artifact }));
      } else {
        finish(() => reject(new TrainingError(message.message)));
      }
    });
    worker.on('error', (error) => finish(() => reject(error)));
    worker.on('exit', (code) =>
      finish(() => reject(new Error(`the training worker exited (code ${code}) before it finished`))),
    );
  });
}
