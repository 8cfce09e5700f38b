/**
 * The client's end of a stream method: a Duplex (object mode, so buffers,
 * strings and JSON values arrive as the daemon sent them) whose readable side
 * is what the daemon's stream produces and whose writable side feeds it.
 * When the daemon's stream is only readable, the writable side ends by itself
 * (and the other way round), so a read-only stream finishes cleanly in a
 * pipeline.
 */
import { Duplex } from 'node:stream';
import { decodeChunk, encodeChunk } from './stream-chunks';
import { AutodConnectionClosedError, AutodRemoteError } from './errors';
import type { ClientMessage, DaemonMessage } from './protocol';

export interface ClientFrameSink {
  send(message: ClientMessage): boolean;
  onceDrained(listener: () => void): void;
}

export class RemoteStream extends Duplex {
  /** We asked the daemon to stop sending. */
  private pausedRemote = false;
  /** The daemon asked us to stop sending; the write callback waits. */
  private remoteFull = false;
  private waitingWrite: (() => void) | null = null;
  /** A 'drain' listener is registered on the connection already. */
  private waitingForDrain = false;
  /** The daemon's side is gone (ended cleanly, destroyed, or the connection closed). */
  private remoteGone = false;

  constructor(
    readonly id: number,
    readonly method: string,
    private readonly sink: ClientFrameSink,
    private readonly onFinished: () => void,
  ) {
    super({ objectMode: true });
  }

  /** A frame from the daemon for this stream. */
  receive(message: DaemonMessage): void {
    switch (message.type) {
      case 'opened':
        if (!message.writable) this.end();
        if (!message.readable) {
          this.push(null);
          this.resume(); // nothing to read: let 'end' happen without a reader
        }
        return;
      case 'data':
        if (!this.push(decodeChunk(message.chunk)) && !this.pausedRemote) {
          this.pausedRemote = true;
          this.sink.send({ type: 'pause', id: this.id });
        }
        return;
      case 'end':
        this.push(null);
        return;
      case 'pause':
        this.remoteFull = true;
        return;
      case 'resume':
        this.remoteFull = false;
        this.releaseWrite();
        return;
      case 'destroy':
        this.remoteGone = true;
        this.destroy(message.error === null ? undefined : new AutodRemoteError(this.method, message.error));
        return;
      default:
        return;
    }
  }

  /** The connection closed under the stream. */
  connectionClosed(): void {
    this.remoteGone = true;
    if (!this.destroyed) this.destroy(this.readableEnded && this.writableFinished ? undefined : new AutodConnectionClosedError(this.method));
  }

  override _read(): void {
    if (!this.pausedRemote) return;
    this.pausedRemote = false;
    this.sink.send({ type: 'resume', id: this.id });
  }

  override _write(chunk: unknown, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    let roomLeft = true;
    for (const piece of encodeChunk(chunk)) roomLeft = this.sink.send({ type: 'data', id: this.id, chunk: piece }) && roomLeft;
    if (!roomLeft) {
      this.waitingWrite = callback;
      if (!this.waitingForDrain) {
        this.waitingForDrain = true;
        this.sink.onceDrained(() => {
          this.waitingForDrain = false;
          this.releaseWrite();
        });
      }
    } else if (this.remoteFull) {
      this.waitingWrite = callback;
    } else {
      callback();
    }
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.sink.send({ type: 'end', id: this.id });
    callback();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    // after a clean finish of both sides the daemon's stream is done already; otherwise tell it to stop
    const clean = error === null && this.readableEnded && this.writableFinished;
    if (!this.remoteGone && !clean) this.sink.send({ type: 'destroy', id: this.id, error: null });
    this.remoteGone = true;
    this.waitingWrite = null;
    this.onFinished();
    callback(error);
  }

  private releaseWrite(): void {
    if (this.remoteFull || this.waitingForDrain) return;
    const callback = this.waitingWrite;
    this.waitingWrite = null;
    callback?.();
  }
}
