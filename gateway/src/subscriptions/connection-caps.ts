import { addressKey } from '../rate-limit/subject.js';

/** How many graphql-ws sockets this gateway instance holds open, and for whom. */
export interface SocketCaps {
  /** Open sockets per client address (IPv6: per /64): an office behind one NAT shares it. */
  perAddress: number;
  /** Open sockets per signed-in user, counted at `connection_init`. */
  perUser: number;
  /** Upgrades accepted per client address per minute. */
  newPerAddressPerMinute: number;
  /** Open sockets on this instance. */
  total: number;
}

export type SocketRefusalReason = 'sockets' | 'socketsPerAddress' | 'newSocketsPerAddress' | 'socketsPerUser';

export interface SocketRefusal {
  reason: SocketRefusalReason;
  /** 429 for one client's limits, 503 when the instance is full. */
  status: 429 | 503;
  message: string;
  retryAfterSeconds: number;
}

const MINUTE_MS = 60_000;

/**
 * Counts per instance, in memory: sockets live on one instance, so their counts do too. The
 * per-minute counts are a fixed window that starts over whole, which also bounds the map to the
 * addresses seen in one minute.
 */
export class ConnectionCaps {
  private open = 0;
  private readonly byAddress = new Map<string, number>();
  private readonly byUser = new Map<string, number>();
  private windowStart: number;
  private newByAddress = new Map<string, number>();

  constructor(
    private readonly caps: SocketCaps,
    private readonly now: () => number = Date.now,
  ) {
    this.windowStart = now();
  }

  /** Open sockets (upgraded, acknowledged or not). */
  get sockets(): number {
    return this.open;
  }

  /**
   * Takes a slot for a socket from `address` before its upgrade completes: the release function
   * (call it once, when the socket closes), or why not.
   */
  admit(address: string | null): (() => void) | SocketRefusal {
    const key = addressKey(address);
    const now = this.now();
    if (now - this.windowStart >= MINUTE_MS) {
      this.windowStart = now;
      this.newByAddress = new Map();
    }
    if (this.open >= this.caps.total)
      return refusal('sockets', 503, 'This server holds all the sockets it can; try again shortly.', 5);
    const open = this.byAddress.get(key) ?? 0;
    if (open >= this.caps.perAddress)
      return refusal(
        'socketsPerAddress',
        429,
        `At most ${this.caps.perAddress} open sockets per address.`,
        60,
      );
    const opened = this.newByAddress.get(key) ?? 0;
    if (opened >= this.caps.newPerAddressPerMinute)
      return refusal(
        'newSocketsPerAddress',
        429,
        `At most ${this.caps.newPerAddressPerMinute} new sockets per address per minute.`,
        Math.max(1, Math.ceil((this.windowStart + MINUTE_MS - now) / 1000)),
      );
    this.open += 1;
    this.byAddress.set(key, open + 1);
    this.newByAddress.set(key, opened + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.open -= 1;
      decrement(this.byAddress, key);
    };
  }

  /** Counts a socket for `userId` at `connection_init`; false when the user has no room left. */
  admitUser(userId: string): boolean {
    const open = this.byUser.get(userId) ?? 0;
    if (open >= this.caps.perUser) return false;
    this.byUser.set(userId, open + 1);
    return true;
  }

  releaseUser(userId: string): void {
    decrement(this.byUser, userId);
  }
}

function decrement(map: Map<string, number>, key: string): void {
  const left = (map.get(key) ?? 1) - 1;
  if (left <= 0) map.delete(key);
  else map.set(key, left);
}

function refusal(
  reason: SocketRefusalReason,
  status: 429 | 503,
  message: string,
  retryAfterSeconds: number,
): SocketRefusal {
  return { reason, status, message, retryAfterSeconds };
}
