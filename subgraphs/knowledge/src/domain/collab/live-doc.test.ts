import { codeOf } from '@ukp/kit';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { DEFAULT_BODY_MAX_BYTES as BODY_MAX_BYTES } from '../validate.js';
import { defaultMaxStateBytes, LiveDoc } from './live-doc.js';
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

const limits = { bodyMaxBytes: BODY_MAX_BYTES, maxStateBytes: defaultMaxStateBytes(BODY_MAX_BYTES) };
const stateCap = (maxStateBytes: number) => ({ bodyMaxBytes: BODY_MAX_BYTES, maxStateBytes });

describe('LiveDoc', () => {
  it('starts from the stored state and applies validated updates', () => {
    const live = new LiveDoc([initialState('Hello')], limits);
    const client = clientOf(live);
    const update = edit(client, (t) => t.insert(5, ' world'));
    live.validate(update);
    expect(live.text()).toBe('Hello');
    expect(live.apply(update)).toBe(true);
    expect(live.text()).toBe('Hello world');
  });

  it('two instances built from the same stored state converge on concurrent inserts', () => {
    const stored = initialState('Hello');
    const a = new LiveDoc([stored], limits);
    const b = new LiveDoc([stored], limits);
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
    const a = new LiveDoc([initialState('Hello')], limits);
    const b = new LiveDoc([initialState('Hello')], limits);
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
    const live = new LiveDoc([new Uint8Array(Buffer.from(stored, 'base64'))], limits);
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

  it('refuses an update that makes the body larger than the body limit', () => {
    const live = new LiveDoc([initialState('x')], limits);
    const huge = edit(clientOf(live), (t) => t.insert(0, 'é'.repeat(BODY_MAX_BYTES / 2)));
    expect(() => live.validate(huge)).toThrow(`larger than ${BODY_MAX_BYTES} bytes`);
    expect(live.text()).toBe('x');
    // The shadow was rebuilt without it: a normal update still validates.
    const small = edit(clientOf(live), (t) => t.insert(1, 'y'));
    live.validate(small);
    live.apply(small);
    expect(live.text()).toBe('xy');
  });

  it('refuses anything but text in "body", leaving both copies as they were', () => {
    const live = new LiveDoc([initialState('Hello')], limits);
    const before = live.state();
    const attempts: Array<(doc: Y.Doc) => void> = [
      (doc) => doc.getMap('evil').set('k', 'v'.repeat(1000)),
      (doc) => doc.getArray('evil').push(['v']),
      (doc) => doc.getText('notes').insert(0, 'elsewhere'),
      (doc) => doc.getText('body').insertEmbed(1, { big: 'v'.repeat(1000) }),
      (doc) => doc.getText('body').format(0, 2, { bold: true }),
      (doc) => doc.getText('body').insertEmbed(1, new Y.Map()),
      (doc) => doc.getXmlFragment('xml').insert(0, [new Y.XmlText('x')]),
      // Text typed into "body" together with a write elsewhere: all of it is refused.
      (doc) =>
        doc.transact(() => {
          doc.getText('body').insert(0, 'ok ');
          doc.getMap('meta').set('k', 1);
        }),
    ];
    for (const attempt of attempts) {
      const client = clientOf(live);
      const sv = Y.encodeStateVector(client);
      attempt(client);
      const update = Y.encodeStateAsUpdate(client, sv);
      let error: unknown;
      try {
        live.validate(update);
      } catch (caught) {
        error = caught;
      }
      expect(codeOf(error), attempt.toString()).toBe('BAD_USER_INPUT');
      expect((error as { extensions: { field: string } }).extensions.field).toBe('update');
      expect(live.state()).toEqual(before);
    }
    // A root map named "body" (a client using the wrong type) writes map entries: refused too.
    const wrongType = new Y.Doc();
    wrongType.getMap('body').set('k', 'v');
    expect(() => live.validate(Y.encodeStateAsUpdate(wrongType))).toThrow(/map entry/);
    // Plain text still goes through, on a shadow that holds none of the refused updates.
    const good = edit(clientOf(live), (t) => t.insert(5, '!'));
    live.validate(good);
    live.apply(good);
    expect(live.text()).toBe('Hello!');
  });

  it('caps the whole shared state, and still takes an update that shrinks it', () => {
    const live = new LiveDoc([initialState('')], stateCap(4096));
    const client = clientOf(live);
    const take = (update: Uint8Array) => {
      live.validate(update);
      live.apply(update);
    };
    take(edit(client, (t) => t.insert(0, 'a'.repeat(3000))));
    const over = edit(client, (t) => t.insert(0, 'b'.repeat(2000)));
    expect(() => live.validate(over)).toThrow('shared state larger than 4096 bytes');
    expect(live.text()).toBe('a'.repeat(3000));
    // Updates waiting for their causes count too: they are kept, and sent to every joiner.
    const detached = new Y.Doc();
    detached.clientID = client.clientID;
    // Clocks 0–3499, of which the server has 0–2999: what follows waits for 3000–3499.
    detached.getText('body').insert(0, 'x'.repeat(3500));
    const pending = edit(detached, (t) => t.insert(0, 'c'.repeat(2000)));
    expect(() => live.validate(pending)).toThrow('shared state larger than 4096 bytes');
    // Over the cap (say a lower limit was configured): deleting is still allowed.
    const crowded = new LiveDoc([live.state(), over], stateCap(4096));
    expect(Y.encodeStateAsUpdate(crowded.doc).byteLength).toBeGreaterThan(4096);
    const trim = edit(clientOf(crowded), (t) => t.delete(0, 4000));
    crowded.validate(trim);
    crowded.apply(trim);
    expect(crowded.text()).toHaveLength(1000);
  });

  it('refuses the first keystroke past the state cap, as measuring the state on every update would', () => {
    const cap = 3000;
    const live = new LiveDoc([initialState('')], stateCap(cap));
    const client = clientOf(live);
    const reference = clientOf(live);
    let seed = 7;
    const next = () => {
      seed = (seed * 48271) % 2147483647;
      return seed / 2147483647;
    };
    let refusedAt = -1;
    for (let k = 0; k < 2000 && refusedAt < 0; k += 1) {
      const update = edit(client, (t) =>
        next() < 0.8 || t.length < 4
          ? t.insert(Math.floor(next() * (t.length + 1)), next() < 0.5 ? 'é' : 'ab')
          : t.delete(Math.floor(next() * (t.length - 2)), 2),
      );
      const before = Y.encodeStateAsUpdate(reference).byteLength;
      Y.applyUpdate(reference, update);
      const after = Y.encodeStateAsUpdate(reference).byteLength;
      const expected = !(after > cap && after > before);
      let taken = true;
      try {
        live.validate(update);
        live.apply(update);
      } catch {
        taken = false;
      }
      expect(taken, `update ${k}`).toBe(expected);
      if (!taken) refusedAt = k;
    }
    expect(refusedAt).toBeGreaterThan(0);
    expect(live.state().byteLength).toBeLessThanOrEqual(cap);
  });

  it('applies a validated update to the live copy once and keeps the shadow in step', () => {
    const live = new LiveDoc([initialState('ab')], limits);
    const client = clientOf(live);
    const local = edit(client, (t) => t.insert(2, 'c'));
    const remote = edit(clientOf(live), (t) => t.insert(0, '>'));
    live.validate(local);
    // Heard from another instance while the local update was being logged.
    live.apply(remote);
    live.apply(local);
    const next = edit(client, (t) => t.insert(3, 'd'));
    live.validate(next);
    live.apply(next);
    expect(live.text()).toBe('>abcd');
    // White-box: the shadow holds exactly what the live copy does (nothing lost, nothing twice).
    const shadow = (live as unknown as { shadow: Y.Doc }).shadow;
    expect(shadow.getText('body').toString()).toBe('>abcd');
    expect(Y.encodeStateVector(shadow)).toEqual(Y.encodeStateVector(live.doc));
  });

  it('keeps updates whose causes have not arrived yet, and integrates them later', () => {
    const live = new LiveDoc([initialState('')], limits);
    const client = clientOf(live);
    const first = edit(client, (t) => t.insert(0, 'one'));
    const second = edit(client, (t) => t.insert(3, ' two'));
    live.validate(second);
    live.apply(second);
    expect(live.text()).toBe('');
    live.apply(first);
    expect(live.text()).toBe('one two');
    // The state a joiner gets includes what is still pending.
    const joiner = new LiveDoc([live.state()], limits);
    expect(joiner.text()).toBe('one two');
  });
});
