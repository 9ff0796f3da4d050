/** Frames are cut from slabs this large: one allocation for many writes, not one per write. */
const SLAB_BYTES = 256 * 1024;
let slab = Buffer.allocUnsafeSlow(0);
let used = 0;

/** `length` bytes of a shared slab; a write keeps its slice (and the slab) alive until sent. */
function take(length: number): Buffer {
  if (length > SLAB_BYTES / 4) return Buffer.allocUnsafeSlow(length);
  if (used + length > slab.length) {
    slab = Buffer.allocUnsafeSlow(SLAB_BYTES);
    used = 0;
  }
  const slice = slab.subarray(used, used + length);
  // Eight-byte aligned, as Node's own pool does.
  used += (length + 7) & ~7;
  return slice;
}

/**
 * WebSocket text frames (RFC 6455, section 5.2) as a server sends them: final, unmasked, without
 * extension bits; one frame per message, each message `head` followed by one of `tails`, all in
 * one buffer so that they leave in one write.
 */
export function textFrames(head: Buffer, tails: readonly Buffer[]): Buffer {
  let total = 0;
  for (const tail of tails) {
    const length = head.length + tail.length;
    total += headerLength(length) + length;
  }
  const frames = take(total);
  let at = 0;
  for (const tail of tails) {
    const length = head.length + tail.length;
    frames[at] = 0x81; // FIN, text
    if (length < 126) {
      frames[at + 1] = length;
      at += 2;
    } else if (length < 0x10000) {
      frames[at + 1] = 126;
      frames[at + 2] = length >>> 8;
      frames[at + 3] = length & 0xff;
      at += 4;
    } else {
      frames[at + 1] = 127;
      frames.writeUInt32BE(Math.floor(length / 0x100000000), at + 2);
      frames.writeUInt32BE(length >>> 0, at + 6);
      at += 10;
    }
    frames.set(head, at);
    at += head.length;
    frames.set(tail, at);
    at += tail.length;
  }
  return frames;
}

function headerLength(payloadLength: number): number {
  if (payloadLength < 126) return 2;
  return payloadLength < 0x10000 ? 4 : 10;
}
