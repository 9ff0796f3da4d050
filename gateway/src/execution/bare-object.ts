/**
 * A new object with no inherited properties (no `constructor`, `toString`, `__proto__` setter),
 * like `Object.create(null)`, but in V8's fast mode: objects from `Object.create(null)` start as
 * hash maps, slow to build and to serialise (execution/README.md, "Speed").
 */
export const bareObject: () => Record<string, unknown> = bareFactory();

/**
 * A maker of bare objects with its own constructor. V8 sizes a constructor's objects by the
 * properties its first instances receive (slack tracking): one maker per result shape keeps every
 * field of that shape inside the object, where one maker for all shapes would size them all for
 * whichever came first and move the rest to a separate, regrown property store.
 */
export function bareFactory(): () => Record<string, unknown> {
  function Bare() {}
  Bare.prototype = Object.create(null);
  // A plain function used as a constructor: TypeScript only types classes as `new`-able.
  return () => new (Bare as unknown as new () => Record<string, unknown>)();
}
