import { describe, expect, it } from 'vitest';
import { bareFactory, bareObject } from './bare-object.js';

describe.each([
  ['bareObject', bareObject],
  ['a bareFactory maker', bareFactory()],
])('%s', (_name, make) => {
  it('inherits nothing, so response names like constructor or __proto__ are plain own keys', () => {
    const object = make();
    expect(object.constructor).toBeUndefined();
    expect(object.toString).toBeUndefined();
    // biome-ignore lint/suspicious/noProto: assigning __proto__ is exactly what is under test
    object.__proto__ = { polluted: true };
    expect(Object.hasOwn(object, '__proto__')).toBe(true);
    expect(object.polluted).toBeUndefined();
    expect(JSON.stringify(object)).toBe('{"__proto__":{"polluted":true}}');
  });
});

describe('bareFactory', () => {
  it('gives each maker its own constructor, so each result shape is sized on its own', () => {
    const a = bareFactory()();
    const b = bareFactory()();
    expect(Object.getPrototypeOf(a)).not.toBe(Object.getPrototypeOf(b));
    expect(Object.getPrototypeOf(Object.getPrototypeOf(a))).toBeNull();
  });
});
