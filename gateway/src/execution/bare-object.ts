/**
 * A new object with no inherited properties (no `constructor`, `toString`, `__proto__` setter),
 * like `Object.create(null)`, but in V8's fast mode: objects from `Object.create(null)` start as
 * hash maps, which made building and serialising large responses several times slower.
 */
export const bareObject: () => Record<string, unknown> = (() => {
  function Bare() {}
  Bare.prototype = Object.create(null);
  return () => new (Bare as unknown as new () => Record<string, unknown>)();
})();
