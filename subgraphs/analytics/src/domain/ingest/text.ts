/**
 * Postgres refuses NUL in text and jsonb, and lone UTF-16 surrogates in jsonb: one such string
 * would fail the whole batch's transaction. These keep them out at the door.
 */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const LONE_SURROGATES = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** True when Postgres stores `value` as it is. */
export function isStorableText(value: string): boolean {
  return !value.includes('\0') && !LONE_SURROGATE.test(value);
}

/** `value` cut to `max` UTF-16 units, made storable (NUL dropped, lone surrogates replaced). */
export function storableText(value: string, max: number): string {
  const cut = value.length > max ? value.slice(0, max) : value;
  if (isStorableText(cut)) return cut;
  return cut.replaceAll('\0', '').replace(LONE_SURROGATES, '\uFFFD');
}

/**
 * `JSON.stringify(value)`, or null when it holds a string or key Postgres' jsonb refuses (or
 * cannot be serialised at all: cycles, BigInt).
 */
export function storableJson(value: unknown): string | null {
  let storable = true;
  let json: string | undefined;
  try {
    json = JSON.stringify(value, function (this: unknown, key: string, item: unknown) {
      if (
        storable &&
        ((key !== '' && !isStorableText(key)) || (typeof item === 'string' && !isStorableText(item)))
      )
        storable = false;
      return item;
    });
  } catch {
    return null;
  }
  return storable && json !== undefined ? json : null;
}
