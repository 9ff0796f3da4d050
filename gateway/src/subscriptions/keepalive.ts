import WebSocket from 'ws';

/** Pings go out in this many groups per interval. */
const GROUPS = 16;

interface Watched {
  socket: WebSocket;
  /** Pinged, and no pong since. */
  awaitingPong: boolean;
}

/**
 * Client sockets' keepalive: each socket is pinged every `intervalMs`, and terminated when its
 * last ping is still unanswered by the next — what graphql-ws's own keepalive does, with one timer
 * for all sockets instead of an interval, a timeout and a listener per socket and ping. The sockets
 * are pinged a group at a time: on loopback a ping write wakes the reader, and consecutive writes
 * find the readers awake, where pings spread out wake each one on its own.
 */
export class KeepAlive {
  private readonly groups: Array<Set<Watched>> = Array.from({ length: GROUPS }, () => new Set());
  private assigned = 0;
  private turn = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly intervalMs: number) {}

  watch(socket: WebSocket): void {
    if (this.intervalMs <= 0) return;
    const watched: Watched = { socket, awaitingPong: false };
    const group = this.groups[this.assigned % GROUPS]!;
    this.assigned += 1;
    group.add(watched);
    socket.on('pong', () => {
      watched.awaitingPong = false;
    });
    socket.once('close', () => group.delete(watched));
    this.timer ??= setInterval(this.tick, this.intervalMs / GROUPS);
  }

  stop(): void {
    clearInterval(this.timer);
    for (const group of this.groups) group.clear();
  }

  private readonly tick = () => {
    const group = this.groups[this.turn]!;
    this.turn = (this.turn + 1) % GROUPS;
    for (const watched of group) {
      const { socket } = watched;
      if (socket.readyState !== WebSocket.OPEN) continue;
      if (watched.awaitingPong) {
        socket.terminate();
        continue;
      }
      watched.awaitingPong = true;
      socket.ping();
    }
  };
}
