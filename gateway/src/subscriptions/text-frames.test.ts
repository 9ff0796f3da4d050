import type { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import * as ws from 'ws';
import { textFrames } from './text-frames.js';

// ws's own frame parser, which its clients read with; @types/ws does not declare the export.
const { Receiver } = ws as unknown as {
  Receiver: new (options: { isServer: boolean }) => Writable;
};

/** What a client reads from the bytes: ws's own parser, as a client uses it. */
function read(bytes: Buffer): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const receiver = new Receiver({ isServer: false });
    const messages: string[] = [];
    receiver.on('message', (data: Buffer, isBinary: boolean) => {
      if (isBinary) reject(new Error('a binary frame'));
      messages.push(data.toString());
    });
    receiver.on('error', reject);
    receiver.write(bytes, () => resolve(messages));
  });
}

describe('textFrames', () => {
  it('frames each message as one final text frame, whatever length encoding it needs', async () => {
    const head = Buffer.from('{"id":"a","type":"next","payload":');
    // Around the 7-bit, 16-bit and 64-bit length boundaries, and empty.
    const lengths = [
      0,
      125 - head.length,
      126 - head.length,
      0xffff - head.length,
      0x10000 - head.length,
      70_000,
    ];
    const tails = lengths.map((n, i) => Buffer.from(String(i % 10).repeat(n)));
    const messages = await read(textFrames(head, tails));
    expect(messages).toEqual(tails.map((tail) => `${head.toString()}${tail.toString()}`));
  });

  it('keeps multi-byte characters whole', async () => {
    const head = Buffer.from('{"id":"é","payload":');
    const tail = Buffer.from('{"data":{"text":"ünïcødé ✓"}}}');
    expect(await read(textFrames(head, [tail, tail]))).toEqual([
      '{"id":"é","payload":{"data":{"text":"ünïcødé ✓"}}}',
      '{"id":"é","payload":{"data":{"text":"ünïcødé ✓"}}}',
    ]);
  });

  it('keeps frames cut one after another from shared memory intact', async () => {
    const head = Buffer.from('{"id":"b","type":"next","payload":');
    const written = Array.from({ length: 3000 }, (_, i) =>
      textFrames(head, [Buffer.from(`{"n":${i},"pad":"${'x'.repeat(i % 300)}"}}`)]),
    );
    const messages = await read(Buffer.concat(written));
    expect(messages).toHaveLength(3000);
    expect(
      messages.every((m, i) => m === `${head.toString()}{"n":${i},"pad":"${'x'.repeat(i % 300)}"}}`),
    ).toBe(true);
  });
});
