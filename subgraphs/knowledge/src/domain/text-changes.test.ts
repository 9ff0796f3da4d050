import { DOCUMENT_TEXT_CHANGED, type DocumentTextChanged, type EventBus, silentLogger } from '@ukp/kit';
import { describe, expect, it } from 'vitest';
import { createManualScheduler } from './collab/scheduler.js';
import { TextChangeThrottle, textChangedEvent } from './text-changes.js';

const row = {
  id: 'd1',
  title: 'Notes',
  tags: ['notes'],
  authorId: 'u1',
  visibility: 'PUBLIC' as const,
  status: 'PUBLISHED' as const,
};

function setup(options: { maxTracked?: number } = {}) {
  const clock = { now: new Date('2025-01-01T00:00:00Z') };
  const scheduler = createManualScheduler(clock);
  const sent: DocumentTextChanged[] = [];
  const bus = {
    kind: 'memory',
    async publish(topic: string, data: unknown) {
      expect(topic).toBe(DOCUMENT_TEXT_CHANGED);
      sent.push(data as DocumentTextChanged);
    },
  } as unknown as EventBus;
  const throttle = new TextChangeThrottle({
    bus,
    logger: silentLogger(),
    scheduler,
    intervalMs: 1000,
    ...options,
  });
  const change = (body: string, id = 'd1') =>
    throttle.changed(id, () => textChangedEvent({ ...row, id }, body, clock.now));
  const bodies = () => sent.map((e) => `${e.documentId}:${e.body}`);
  return { scheduler, throttle, change, bodies };
}

describe('TextChangeThrottle', () => {
  it('sends the first change at once and the last of a burst when the second ends', async () => {
    const { scheduler, change, bodies } = setup();
    change('a');
    change('ab');
    change('abc');
    expect(bodies()).toEqual(['d1:a']);
    await scheduler.advance(999);
    expect(bodies()).toEqual(['d1:a']);
    await scheduler.advance(1);
    expect(bodies()).toEqual(['d1:a', 'd1:abc']);
  });

  it('never sends more than one a second while changes keep coming', async () => {
    const { scheduler, change, bodies } = setup();
    for (let ms = 0; ms < 3000; ms += 100) {
      change(`t${ms}`);
      await scheduler.advance(100);
    }
    // Leading at 0, then one per closed window at 1000, 2000 and 3000: the last text included.
    expect(bodies()).toEqual(['d1:t0', 'd1:t900', 'd1:t1900', 'd1:t2900']);
  });

  it('reads the text when it sends, so a trailing event has the newest text', async () => {
    const { scheduler, throttle, bodies } = setup();
    let text = 'one';
    const read = () => textChangedEvent(row, text, new Date());
    throttle.changed('d1', read);
    throttle.changed('d1', read);
    text = 'two';
    await scheduler.advance(1000);
    expect(bodies()).toEqual(['d1:one', 'd1:two']);
  });

  it('throttles each document on its own and forgets a quiet one', async () => {
    const { scheduler, throttle, change, bodies } = setup();
    change('a1', 'd1');
    change('b1', 'd2');
    expect(bodies()).toEqual(['d1:a1', 'd2:b1']);
    expect(throttle.tracked).toBe(2);
    await scheduler.advance(1000);
    expect(throttle.tracked).toBe(0);
    expect(scheduler.pending()).toBe(0);
  });

  it('keeps at most maxTracked documents, sending the rest unthrottled', () => {
    const { throttle, change, bodies } = setup({ maxTracked: 1 });
    change('a1', 'd1');
    change('b1', 'd2');
    change('b2', 'd2');
    expect(throttle.tracked).toBe(1);
    expect(bodies()).toEqual(['d1:a1', 'd2:b1', 'd2:b2']);
  });

  it('sends what is waiting and cancels its timers on stop', async () => {
    const { scheduler, throttle, change, bodies } = setup();
    change('a');
    change('ab');
    await throttle.stop();
    expect(bodies()).toEqual(['d1:a', 'd1:ab']);
    expect(scheduler.pending()).toBe(0);
    change('abc');
    expect(bodies()).toEqual(['d1:a', 'd1:ab', 'd1:abc']);
    expect(scheduler.pending()).toBe(0);
  });
});
