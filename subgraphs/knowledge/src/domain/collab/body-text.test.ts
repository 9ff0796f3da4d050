import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { DEFAULT_BODY_MAX_BYTES as BODY_MAX_BYTES } from '../validate.js';
import { bodyFromText, bodyWithinLimit, replaceText, textChange, withinBodyLimit } from './body-text.js';

const applied = (from: string, to: string) => {
  const change = textChange(from, to);
  if (!change) return from;
  return from.slice(0, change.index) + change.insert + from.slice(change.index + change.remove);
};

describe('textChange', () => {
  it.each([
    ['', 'abc'],
    ['abc', ''],
    ['hello world', 'hello brave world'],
    ['aaaa', 'aaa'],
    ['abcabc', 'abc'],
    ['x😀y', 'x😁y'],
    ['😀', '😁'],
    ['a😀', 'a'],
  ])('%j → %j is one splice that gets there', (from, to) => {
    expect(applied(from, to)).toBe(to);
  });

  it('keeps the common prefix and suffix', () => {
    expect(textChange('hello world', 'hello brave world')).toEqual({ index: 6, remove: 0, insert: 'brave ' });
    expect(textChange('same', 'same')).toBeNull();
  });

  it('never splits a surrogate pair', () => {
    // 😀 and 😁 share their high surrogate: the splice must take the whole character.
    expect(textChange('x😀y', 'x😁y')).toEqual({ index: 1, remove: 2, insert: '😁' });
  });
});

describe('replaceText', () => {
  it('edits a Y.Text in one transaction and keeps concurrent edits elsewhere', () => {
    const a = new Y.Doc();
    a.getText('body').insert(0, 'Hello world');
    const b = new Y.Doc();
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    let updates = 0;
    a.on('update', () => {
      updates += 1;
    });
    expect(replaceText(a.getText('body'), 'Hello brave world')).toBe(true);
    expect(updates).toBe(1);
    b.getText('body').insert(b.getText('body').length, '!');
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    expect(a.getText('body').toString()).toBe('Hello brave world!');
    expect(b.getText('body').toString()).toBe('Hello brave world!');
    expect(replaceText(a.getText('body'), 'Hello brave world!')).toBe(false);
  });
});

describe('bodyFromText', () => {
  it('sanitises HTML, drops NUL, leaves Markdown alone', () => {
    expect(bodyFromText('# Title\n\na < b <script>alert(1)</script>\u0000ok')).toBe('# Title\n\na < b ok');
  });

  it('keeps the whole text: a save refuses a body over the limit instead of cutting it', () => {
    const over = `${'a'.repeat(BODY_MAX_BYTES - 1)}é`;
    expect(bodyFromText(over)).toBe(over);
    expect(bodyWithinLimit(over, BODY_MAX_BYTES)).toBe(false);
    expect(bodyWithinLimit(over.slice(0, -1), BODY_MAX_BYTES)).toBe(true);
  });
});

describe('withinBodyLimit', () => {
  it('measures UTF-8 only when the text could be too long', () => {
    const doc = new Y.Doc();
    const text = doc.getText('body');
    text.insert(0, 'é'.repeat(BODY_MAX_BYTES / 2));
    expect(withinBodyLimit(text, BODY_MAX_BYTES)).toBe(true);
    text.insert(0, 'é');
    expect(withinBodyLimit(text, BODY_MAX_BYTES)).toBe(false);
  });
});
