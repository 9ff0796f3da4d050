import { describe, expect, it } from 'vitest';
import { bareObject } from './bare-object.js';

describe('bareObject', () => {
  it('inherits nothing, so response names like constructor or __proto__ are plain own keys', () => {
    const object = bareObject();
    expect(object.constructor).toBeUndefined();
    expect(object.toString).toBeUndefined();
    // biome-ignore lint/suspicious/noProto: assigning __proto__ is exactly what is under test
    object.__proto__ = { polluted: true };
    expect(Object.hasOwn(object, '__proto__')).toBe(true);
    expect(object.polluted).toBeUndefined();
    expect(JSON.stringify(object)).toBe('{"__proto__":{"polluted":true}}');
  });
});
