import { errors } from '@ukp/kit';
import * as Y from 'yjs';

/** The largest Yjs update accepted, decoded. */
export const MAX_UPDATE_BYTES = 1024 * 1024;

// Node's decoder skips characters outside the alphabet instead of failing: check the text first.
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

export const toBase64 = (bytes: Uint8Array): string =>
  Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');

const badUpdate = (message: string) => errors.badInput(message, 'update');

/**
 * The bytes of a client's base64 Yjs update, or BAD_USER_INPUT on `update` when it is not base64,
 * is empty or larger than 1 MB, or is not a Yjs update at all. Decoding walks every struct, so
 * garbage that `Y.applyUpdate` would half-apply or silently ignore is refused here; what decodes
 * but still cannot be applied is caught later, on a scratch copy of the document.
 */
export function decodeUpdateArg(update: string): Uint8Array {
  // Four base64 characters carry three bytes: refuse a huge string before decoding it.
  if (update.length > Math.ceil(MAX_UPDATE_BYTES / 3) * 4) badLimit();
  if (update.length === 0 || !BASE64.test(update)) throw badUpdate('The update must be non-empty base64.');
  const bytes = new Uint8Array(Buffer.from(update, 'base64'));
  if (bytes.byteLength > MAX_UPDATE_BYTES) badLimit();
  try {
    Y.decodeUpdate(bytes);
  } catch {
    throw badUpdate('The update is not a Yjs update.');
  }
  return bytes;
}

function badLimit(): never {
  throw badUpdate(`The update must be at most ${MAX_UPDATE_BYTES} bytes.`);
}
