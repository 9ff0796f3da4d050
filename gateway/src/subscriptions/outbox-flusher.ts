import type { ClientStream, Flusher } from './client-stream.js';

/**
 * Writes client streams' outboxes, oldest first, `sliceSize` sockets at a time with the event
 * loop let through between slices. A socket write costs far more than anything else per
 * subscriber (on loopback, the kernel runs the reader's side of TCP in the writer's call), so
 * with thousands of subscribers one event is a long run of writes. In slices, new events are read
 * meanwhile and land in the outboxes not yet written, which then carry several messages in one
 * write: under load, the writes per event fall instead of the backlog growing without end.
 */
const COMPACT_AFTER = 1024;

export class OutboxFlusher implements Flusher {
  private queue: ClientStream[] = [];
  private next = 0;
  private scheduled = false;

  constructor(private readonly sliceSize = 256) {}

  add(stream: ClientStream): void {
    this.queue.push(stream);
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(this.run);
  }

  /** Streams waiting for a write. */
  get waiting(): number {
    return this.queue.length - this.next;
  }

  private readonly run = () => {
    const end = Math.min(this.queue.length, this.next + this.sliceSize);
    for (; this.next < end; this.next += 1) this.queue[this.next]!.flush();
    if (this.next < this.queue.length) {
      // Under sustained load the queue never empties: drop what was written once it is most of it.
      if (this.next >= COMPACT_AFTER && this.next * 2 > this.queue.length) {
        this.queue = this.queue.slice(this.next);
        this.next = 0;
      }
      setImmediate(this.run);
      return;
    }
    this.queue = [];
    this.next = 0;
    this.scheduled = false;
  };
}
