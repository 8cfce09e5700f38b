/**
 * The daemon's end of a stream method: connects the stream the interface
 * returned to its frames on the client's connection, in both directions, with
 * flow control. The stream's data is paused while the connection's buffer is
 * full or the client asked for a pause; the client is asked to pause while
 * the stream's write buffer is full.
 */
import type { Readable, Writable } from 'node:stream';
import { decodeChunk, encodeChunk } from './stream-chunks';
import { toWireError, type DaemonMessage, type StreamMessage } from './protocol';
import type { AnyStream } from './types';

export interface FrameSink {
  /** Queues a frame; false when the connection's buffer is full. */
  send(message: DaemonMessage): boolean;
  /** Calls back once the connection's buffer has drained. */
  onceDrained(listener: () => void): void;
}

export function isStream(value: unknown): value is AnyStream {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<Readable & Writable>;
  return typeof candidate.on === 'function' && (typeof candidate.pipe === 'function' || typeof candidate.write === 'function');
}

export class DaemonStream {
  private readonly readable: Readable | null;
  private readonly writable: Writable | null;
  private clientPaused = false;
  private congested = false;
  private askedClientToPause = false;
  private finished = false;
  private readEnded = false;

  constructor(
    readonly id: number,
    private readonly stream: AnyStream,
    private readonly sink: FrameSink,
    private readonly onFinished: () => void,
  ) {
    const candidate = stream as Partial<Readable & Writable>;
    this.readable = typeof candidate.pipe === 'function' && candidate.readable !== false ? (stream as Readable) : null;
    this.writable = typeof candidate.write === 'function' && candidate.writable !== false ? (stream as Writable) : null;
  }

  /** Tells the client what it got and starts the data flowing. */
  start(): void {
    this.sink.send({ type: 'opened', id: this.id, readable: this.readable !== null, writable: this.writable !== null });
    this.stream.on('error', (error: Error) => this.finish(error));
    this.stream.on('close', () => this.finish(null));
    const readable = this.readable;
    if (readable === null) return;
    readable.on('data', (chunk: unknown) => {
      for (const piece of encodeChunk(chunk)) {
        if (!this.sink.send({ type: 'data', id: this.id, chunk: piece }) && !this.congested) {
          this.congested = true;
          readable.pause();
          this.sink.onceDrained(() => {
            this.congested = false;
            this.resumeIfFree();
          });
        }
      }
    });
    readable.on('end', () => {
      this.readEnded = true;
      this.sink.send({ type: 'end', id: this.id });
    });
  }

  handle(message: StreamMessage): void {
    switch (message.type) {
      case 'data':
        this.write(decodeChunk(message.chunk));
        return;
      case 'end':
        this.writable?.end();
        return;
      case 'pause':
        this.clientPaused = true;
        this.readable?.pause();
        return;
      case 'resume':
        this.clientPaused = false;
        this.resumeIfFree();
        return;
      case 'destroy':
        // the client's side is gone: nobody will read or write this stream any more
        this.finished = true;
        this.stream.destroy();
        this.onFinished();
        return;
    }
  }

  /** The connection closed. */
  abandon(): void {
    if (this.finished) return;
    this.finished = true;
    this.stream.destroy();
    this.onFinished();
  }

  private write(chunk: unknown): void {
    const writable = this.writable;
    if (writable === null || writable.writableEnded || writable.destroyed) return;
    if (writable.write(chunk) || this.askedClientToPause) return;
    this.askedClientToPause = true;
    this.sink.send({ type: 'pause', id: this.id });
    writable.once('drain', () => {
      this.askedClientToPause = false;
      if (!this.finished) this.sink.send({ type: 'resume', id: this.id });
    });
  }

  private resumeIfFree(): void {
    if (!this.congested && !this.clientPaused && !this.finished) this.readable?.resume();
  }

  /** The stream closed or failed: a clean close after 'end' needs no word; anything else ends the client's stream too. */
  private finish(error: Error | null): void {
    if (this.finished) return;
    this.finished = true;
    const clean = error === null && (this.readable === null || this.readEnded);
    if (!clean) this.sink.send({ type: 'destroy', id: this.id, error: error === null ? null : toWireError(error) });
    this.onFinished();
  }
}
