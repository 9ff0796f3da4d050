import { codeOf } from '@ukp/kit';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { BODY_MAX_BYTES } from '../validate.js';
import { LiveDoc } from './live-doc.js';
import { initialState } from './store.js';

/** A client editing its own copy: returns the update its edit produced. */
function edit(doc: Y.Doc, change: (text: Y.Text) => void): Uint8Array {
  const before = Y.encodeStateVector(doc);
  change(doc.getText('body'));
  return Y.encodeStateAsUpdate(doc, before);
}

function clientOf(live: LiveDoc): Y.Doc {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, live.state());
  return doc;
}

describe('LiveDoc', () => {
  it('starts from the stored state and applies validated updates', () => {
    const live = new LiveDoc([initialState('Hello')]);
    const client = clientOf(live);
    const update = edit(client, (t) => t.insert(5, ' world'));
    live.validate(update);
    expect(live.text()).toBe('Hello');
    expect(live.apply(update)).toBe(true);
    expect(live.text()).toBe('Hello world');
  });

  it('two instances built from the same stored state converge on concurrent inserts', () => {
    const stored = initialState('Hello');
    const a = new LiveDoc([stored]);
    const b = new LiveDoc([stored]);
    const fromA = edit(clientOf(a), (t) => t.insert(0, 'AAA '));
    const fromB = edit(clientOf(b), (t) => t.insert(0, 'BBB '));
    a.apply(fromA);
    b.apply(fromB);
    a.apply(fromB);
    b.apply(fromA);
    expect(a.text()).toBe(b.text());
    expect(a.text()).toContain('AAA ');
    expect(a.text()).toContain('BBB ');
  });

  it('two instances each initialising from the body would NOT converge (why the state is stored)', () => {
    const a = new LiveDoc([initialState('Hello')]);
    const b = new LiveDoc([initialState('Hello')]);
    a.apply(b.state());
    expect(a.text()).toBe('HelloHello');
  });

  it('refuses an update that decodes but throws when applied, leaving the document untouched', () => {
    // Found by fuzzing: both pass Y.decodeUpdate, and Y.applyUpdate throws on this stored state.
    const stored = 'AQOu2s1ZAAQBBGJvZHkDSGVsga7azVkCAoSu2s1ZBAYgd29ybGQBrtrNWQEDAg==';
    const broken = [
      'AQWe2L3WAgDErtrNWQGu2s1ZAgFYxJ7YvdYCAK7azVkCAVlGrtrNWQAEYm9sZAR0cnVlxp7YvdYCO57YvdYCAQQeb2xkBG51bGwoAQFtAWEBfQEBrtr8WQIAAQMC',
      'AQWe2L3WAgDErtrNWQGu2s1ZAgFYxJ7YvdYCAK7azVkCAVlGrtrNWQAEYm9sZAR0cnVlxp7YvdYCAJ7YvdYCAQRib2xkBG51bGwoAQFtAWEBfQEBrv3NWQIAAAMC',
    ];
    const live = new LiveDoc([new Uint8Array(Buffer.from(stored, 'base64'))]);
    const text = live.text();
    for (const update of broken) {
      const bytes = new Uint8Array(Buffer.from(update, 'base64'));
      expect(() => Y.decodeUpdate(bytes)).not.toThrow();
      let code: string | undefined;
      try {
        live.validate(bytes);
      } catch (error) {
        code = codeOf(error);
      }
      expect(code).toBe('BAD_USER_INPUT');
      expect(live.text()).toBe(text);
    }
    const good = edit(clientOf(live), (t) => t.insert(0, '>'));
    live.validate(good);
    live.apply(good);
    expect(live.text()).toBe(`>${text}`);
  });

  it('refuses an update that makes the body larger than 1 MB', () => {
    const live = new LiveDoc([initialState('x')]);
    const huge = edit(clientOf(live), (t) => t.insert(0, 'é'.repeat(BODY_MAX_BYTES / 2)));
    expect(() => live.validate(huge)).toThrow(/larger than 1 MB/);
    expect(live.text()).toBe('x');
    // The shadow was rebuilt without it: a normal update still validates.
    const small = edit(clientOf(live), (t) => t.insert(1, 'y'));
    live.validate(small);
    live.apply(small);
    expect(live.text()).toBe('xy');
  });

  it('keeps updates whose causes have not arrived yet, and integrates them later', () => {
    const live = new LiveDoc([initialState('')]);
    const client = clientOf(live);
    const first = edit(client, (t) => t.insert(0, 'one'));
    const second = edit(client, (t) => t.insert(3, ' two'));
    live.validate(second);
    live.apply(second);
    expect(live.text()).toBe('');
    live.apply(first);
    expect(live.text()).toBe('one two');
    // The state a joiner gets includes what is still pending.
    const joiner = new LiveDoc([live.state()]);
    expect(joiner.text()).toBe('one two');
  });
});
