import type { IncomingMessage, ServerResponse } from 'node:http';

export interface LingerLimits {
  /** How much more of the refused body we read (and drop) before giving up on the client. */
  maxBytes: number;
  /** How long we wait for the client to finish sending. */
  maxMs: number;
}

/** nginx's lingering_close defaults, in spirit: long enough for any honest upload, bounded for the rest. */
export const DEFAULT_LINGER: LingerLimits = { maxBytes: 16 * 1024 * 1024, maxMs: 5_000 };

/**
 * Sends `body` as the answer to a request whose body we refuse to read (413), then keeps
 * reading and dropping what the client is still sending before closing the connection.
 *
 * Closing at once is what loses the answer: the client is still writing, the kernel answers
 * the bytes that arrive at a closed socket with a reset, and the reset discards our 413 from the
 * client's receive buffer — it sees EPIPE or ECONNRESET instead of the error it could act on.
 * The answer goes out first (a client that reads while it writes stops early); the connection
 * closes when the client has sent everything, or after `limits` bytes or milliseconds.
 */
export function answerThenLinger(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  headers: Record<string, string | number>,
  body: string,
  limits: LingerLimits = DEFAULT_LINGER,
): void {
  res.writeHead(status, { ...headers, 'content-length': Buffer.byteLength(body), connection: 'close' });
  if (req.complete || req.destroyed) {
    res.end(body);
    return;
  }
  res.write(body);
  let dropped = 0;
  const close = () => {
    clearTimeout(timer);
    req.off('data', onData);
    req.off('end', close);
    req.off('close', close);
    // With `connection: close`, ending the response closes the socket once it is flushed.
    if (!res.writableEnded) res.end();
    if (dropped > limits.maxBytes) req.socket.destroy();
  };
  const onData = (chunk: Buffer) => {
    dropped += chunk.length;
    if (dropped > limits.maxBytes) close();
  };
  const timer = setTimeout(close, limits.maxMs);
  timer.unref();
  req.on('data', onData);
  req.once('end', close);
  req.once('close', close);
  // A body read through an inflater was piped; unpiping leaves the request paused.
  req.unpipe();
  req.resume();
}
