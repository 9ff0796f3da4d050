import type { IncomingHttpHeaders } from 'node:http';
import { isIP } from 'node:net';
import type { AddressList } from '../address-list.js';

/**
 * Which hops in front of a service are proxies it trusts to append the address they received a
 * request from to `X-Forwarded-For`. Everything to the left of the last trusted hop was written by
 * someone we do not trust, the client included, so it is never read.
 */
export interface ProxyTrust {
  /** Hops counted from the socket: 0 uses the socket address, 1 the right-most XFF entry, … */
  hops: number;
  /** Addresses (and ranges) of proxies trusted wherever they appear in the chain. */
  proxies?: AddressList | undefined;
}

export const NO_PROXY: ProxyTrust = { hops: 0 };

/**
 * An `X-Forwarded-For` entry as an address: ports and the brackets of `[v6]:port` removed, as some
 * proxies write them. Anything else is not an address.
 */
function addressOf(entry: string): string | undefined {
  let text = entry.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(text);
  if (bracketed?.[1]) text = bracketed[1];
  else if (/^\d{1,3}(?:\.\d{1,3}){3}:\d+$/.test(text)) text = text.slice(0, text.lastIndexOf(':'));
  return isIP(text) === 0 ? undefined : text;
}

function forwardedEntries(headers: IncomingHttpHeaders): string[] {
  const value = headers['x-forwarded-for'];
  // Node joins repeated X-Forwarded-For headers with ", "; an array only comes from hand-built headers.
  const joined = Array.isArray(value) ? value.join(',') : value;
  return joined ? joined.split(',') : [];
}

/**
 * The client's address under `trust`, like Express's `trust proxy`: start at the socket and walk
 * `X-Forwarded-For` from the right while the address in hand is a trusted proxy (within `hops` of
 * the socket, or in `proxies`); the first untrusted address is the client. Left-most entries are
 * the client's to write, so they only count once every hop to their right is trusted. An entry
 * that is not an address stops the walk at the proxy that passed it on.
 */
export function forwardedClientAddress(
  headers: IncomingHttpHeaders,
  socketAddress: string | undefined,
  trust: ProxyTrust,
): string | null {
  const socket = socketAddress ?? null;
  const proxies = trust.proxies && trust.proxies.size > 0 ? trust.proxies : undefined;
  // The common case (no proxy configured) never reads the header.
  if (trust.hops <= 0 && !proxies) return socket;
  const entries = forwardedEntries(headers);
  let current = socket;
  let hop = 0;
  for (let index = entries.length - 1; index >= 0; index -= 1) {
    const trusted = hop < trust.hops || (proxies?.has(current) ?? false);
    if (!trusted) break;
    const next = addressOf(entries[index] ?? '');
    if (!next) break;
    current = next;
    hop += 1;
  }
  return current;
}
