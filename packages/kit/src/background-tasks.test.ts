import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { BackgroundTasks } from './background-tasks.js';

function capturingLogger() {
  const lines: Array<Record<string, unknown>> = [];
  const logger = pino({ level: 'error' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
  return { logger, lines };
}

describe('BackgroundTasks', () => {
  it('runs work without waiting and logs a failure instead of throwing it', async () => {
    const { logger, lines } = capturingLogger();
    const tasks = new BackgroundTasks(logger);
    let release!: () => void;
    tasks.run('slow mail', () => new Promise<void>((resolve) => (release = resolve)));
    tasks.run('broken mail', async () => {
      throw new Error('smtp down');
    });
    expect(tasks.pending).toBe(2);
    release();
    await tasks.settled();
    expect(tasks.pending).toBe(0);
    expect(lines).toEqual([expect.objectContaining({ what: 'broken mail', msg: 'background work failed' })]);
  });

  it('settles only once work started by running work has finished too', async () => {
    const tasks = new BackgroundTasks();
    const done: string[] = [];
    void tasks.track(
      (async () => {
        await Promise.resolve();
        void tasks.track(
          (async () => {
            await new Promise((resolve) => setTimeout(resolve, 5));
            done.push('child');
          })(),
        );
        done.push('parent');
      })(),
    );
    await tasks.settled();
    expect(done).toEqual(['parent', 'child']);
  });

  it('hands a tracked promise back with its result, and forgets it once rejected', async () => {
    const tasks = new BackgroundTasks();
    await expect(tasks.track(Promise.resolve(7))).resolves.toBe(7);
    await expect(tasks.track(Promise.reject(new Error('no')))).rejects.toThrow('no');
    expect(tasks.pending).toBe(0);
  });
});
