import { codeOf } from '@ukp/kit';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { decodeUpdateArg, MAX_UPDATE_BYTES, toBase64 } from './update-codec.js';

function badField(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    expect(codeOf(error)).toBe('BAD_USER_INPUT');
    return (error as { extensions: { field?: string } }).extensions.field;
  }
  throw new Error('expected BAD_USER_INPUT');
}

const realUpdate = () => {
  const doc = new Y.Doc();
  doc.getText('body').insert(0, 'hello');
  return Y.encodeStateAsUpdate(doc);
};

describe('decodeUpdateArg', () => {
  it('round-trips a real Yjs update', () => {
    const update = realUpdate();
    expect(decodeUpdateArg(toBase64(update))).toEqual(update);
  });

  it('accepts the empty update Yjs itself sends for "nothing changed"', () => {
    expect(decodeUpdateArg(toBase64(Y.encodeStateAsUpdate(new Y.Doc())))).toEqual(new Uint8Array([0, 0]));
  });

  it.each([
    ['empty', ''],
    ['not base64', 'this is not base64!'],
    ['base64url alphabet', '-_-_'],
    ['bad padding', 'AAA=='],
    ['garbage bytes', Buffer.from('hello garbage').toString('base64')],
    ['truncated update', toBase64(realUpdate().subarray(0, 5))],
    ['a struct of an unknown kind', Buffer.alloc(10, 7).toString('base64')],
  ])('refuses %s on field update', (_name, value) => {
    expect(badField(() => decodeUpdateArg(value))).toBe('update');
  });

  it('refuses more than 1 MB decoded, before decoding it', () => {
    const huge = Buffer.alloc(MAX_UPDATE_BYTES + 1).toString('base64');
    expect(badField(() => decodeUpdateArg(huge))).toBe('update');
  });
});
