import WebSocket from 'ws';

export interface WsMessage {
  type: string;
  id?: string;
  payload?: unknown;
}

/** A raw graphql-ws socket for probes: every frame it received, and how it closed. */
export class ProbeSocket {
  readonly messages: WsMessage[] = [];
  readonly raw: string[] = [];
  closed: { code: number; reason: string } | undefined;
  private readonly socket: WebSocket;
  private readonly waiters = new Set<() => void>();

  private constructor(socket: WebSocket) {
    this.socket = socket;
    socket.on('message', (data: Buffer) => {
      const text = data.toString();
      this.raw.push(text);
      try {
        this.messages.push(JSON.parse(text) as WsMessage);
      } catch {
        this.messages.push({ type: '(not JSON)', payload: text });
      }
      this.wake();
    });
    socket.on('close', (code, reason) => {
      this.closed = { code, reason: reason.toString() };
      this.wake();
    });
    socket.on('error', () => {});
  }

  /** Opens a socket with the given subprotocol(s); resolves once open (or closed during the handshake). */
  static open(
    url: URL,
    protocols: string | string[] | undefined = 'graphql-transport-ws',
    headers: Record<string, string> = {},
  ): Promise<ProbeSocket> {
    const wsUrl = new URL(url);
    wsUrl.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    const socket = new WebSocket(wsUrl, protocols, { handshakeTimeout: 10_000, headers });
    const probe = new ProbeSocket(socket);
    return new Promise((resolve, reject) => {
      socket.once('open', () => resolve(probe));
      socket.once('unexpected-response', (_req, res) =>
        reject(new Error(`handshake refused with HTTP ${res.statusCode}`)),
      );
      socket.once('close', () => resolve(probe));
      socket.once('error', (error) => reject(error));
    });
  }

  private wake() {
    for (const waiter of this.waiters) waiter();
  }

  send(message: object | string | Buffer): void {
    if (this.socket.readyState !== WebSocket.OPEN) return;
    this.socket.send(
      typeof message === 'string' || Buffer.isBuffer(message) ? message : JSON.stringify(message),
    );
  }

  /** Resolves when `done()` holds (checked on every frame and on close), false after `timeoutMs`. */
  until(done: () => boolean, timeoutMs: number): Promise<boolean> {
    if (done()) return Promise.resolve(true);
    return new Promise((resolve) => {
      const check = () => {
        if (!done()) return;
        cleanup();
        resolve(true);
      };
      const timer = setTimeout(() => {
        cleanup();
        resolve(false);
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        this.waiters.delete(check);
      };
      this.waiters.add(check);
    });
  }

  waitClose(timeoutMs: number): Promise<boolean> {
    return this.until(() => this.closed !== undefined, timeoutMs);
  }

  /** Sends connection_init and waits for the ack; false when refused. */
  async init(payload: object = {}, timeoutMs = 5000): Promise<boolean> {
    this.send({ type: 'connection_init', payload });
    await this.until(() => this.closed !== undefined || this.has('connection_ack'), timeoutMs);
    return this.has('connection_ack');
  }

  has(type: string, id?: string): boolean {
    return this.messages.some((m) => m.type === type && (id === undefined || m.id === id));
  }

  close(): void {
    if (this.socket.readyState === WebSocket.OPEN || this.socket.readyState === WebSocket.CONNECTING) {
      this.socket.terminate();
    }
  }
}
