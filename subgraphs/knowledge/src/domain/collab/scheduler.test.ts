import { describe, expect, it } from 'vitest';
import { CompactionTimer } from './compaction-timer.js';
import { createManualScheduler } from './scheduler.js';

describe('manual scheduler', () => {
  it('runs due timers in order with the clock at their due time', async () => {
    const clock = { now: new Date(0) };
    const scheduler = createManualScheduler(clock);
    const ran: Array<[string, number]> = [];
    scheduler.after(200, () => ran.push(['b', clock.now.getTime()]));
    scheduler.after(100, () => ran.push(['a', clock.now.getTime()]));
    const cancel = scheduler.after(150, () => ran.push(['cancelled', 0]));
    cancel();
    await scheduler.advance(150);
    expect(ran).toEqual([['a', 100]]);
    expect(clock.now.getTime()).toBe(150);
    await scheduler.advance(1000);
    expect(ran).toEqual([
      ['a', 100],
      ['b', 200],
    ]);
    expect(clock.now.getTime()).toBe(1150);
    expect(scheduler.pending()).toBe(0);
  });

  it('runs timers scheduled by timers within the same advance', async () => {
    const clock = { now: new Date(0) };
    const scheduler = createManualScheduler(clock);
    const ran: number[] = [];
    const tick = () => {
      ran.push(clock.now.getTime());
      scheduler.after(5, tick);
    };
    scheduler.after(5, tick);
    await scheduler.advance(20);
    expect(ran).toEqual([5, 10, 15, 20]);
  });
});

describe('CompactionTimer', () => {
  function setup() {
    const clock = { now: new Date(0) };
    const scheduler = createManualScheduler(clock);
    const runs: number[] = [];
    const timer = new CompactionTimer(
      scheduler,
      () => clock.now.getTime(),
      () => runs.push(clock.now.getTime()),
      { debounceMs: 3000, maxWaitMs: 10_000 },
    );
    return { scheduler, runs, timer };
  }

  it('runs 3 s after the last edit', async () => {
    const { scheduler, runs, timer } = setup();
    timer.edited();
    await scheduler.advance(1000);
    timer.edited();
    await scheduler.advance(2999);
    expect(runs).toEqual([]);
    await scheduler.advance(1);
    expect(runs).toEqual([4000]);
    expect(timer.pending).toBe(false);
  });

  it('runs at least every 10 s while edits never pause', async () => {
    const { scheduler, runs, timer } = setup();
    for (let second = 0; second < 25; second += 1) {
      timer.edited();
      await scheduler.advance(1000);
    }
    expect(runs).toEqual([10_000, 20_000]);
  });

  it('flush runs at once only when something waits; stop cancels', async () => {
    const { scheduler, runs, timer } = setup();
    timer.flush();
    expect(runs).toEqual([]);
    timer.edited();
    timer.flush();
    expect(runs).toEqual([0]);
    timer.edited();
    timer.stop();
    await scheduler.advance(60_000);
    expect(runs).toEqual([0]);
  });
});
