import { describe, expect, it } from 'vitest';
import { startRestartable } from './restartable.js';

function fakeService(port: number, generation: number) {
  let stops = 0;
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    port,
    generation,
    stops: () => stops,
    stop: async () => {
      stops += 1;
    },
  };
}

describe('startRestartable', () => {
  it('restarts on the first port and reads the running instance through the handle', async () => {
    const asked: Array<number | undefined> = [];
    let generation = 0;
    const handle = await startRestartable(async (port) => {
      asked.push(port);
      generation += 1;
      return fakeService(port ?? 41_234, generation);
    });
    const first = { stops: handle.stops };
    expect(handle.generation).toBe(1);

    await handle.restart();
    expect(asked).toEqual([undefined, 41_234]);
    expect(first.stops()).toBe(1);
    expect(handle.generation).toBe(2);
    expect(handle.url).toBe('http://127.0.0.1:41234/graphql');

    // Concurrent restarts are one restart.
    await Promise.all([handle.restart(), handle.restart()]);
    expect(handle.generation).toBe(3);

    await handle.stop();
    expect(handle.stops()).toBe(1);
  });
});
