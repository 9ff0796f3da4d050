import { describe, expect, it } from 'vitest';
import { deepMerge } from './merge.js';

describe('deepMerge', () => {
  it('never lets a subgraph key reach a prototype', () => {
    const target: Record<string, unknown> = {};
    deepMerge(
      target,
      JSON.parse('{"__proto__": {"polluted": true}, "constructor": {"prototype": {"x": 1}}}'),
    );
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect((Object.prototype as unknown as Record<string, unknown>).x).toBeUndefined();
    expect(Object.hasOwn(target, '__proto__')).toBe(true);
    expect(Object.getPrototypeOf(target)).toBe(Object.prototype);
  });

  it('merges nested objects and same-length lists element by element', () => {
    const target = { a: { x: 1 }, list: [{ id: 1 }, { id: 2 }] };
    deepMerge(target, { a: { y: 2 }, list: [{ n: 'one' }, { n: 'two' }] });
    expect(target).toEqual({
      a: { x: 1, y: 2 },
      list: [
        { id: 1, n: 'one' },
        { id: 2, n: 'two' },
      ],
    });
  });
});
