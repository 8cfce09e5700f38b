/**
 * The client side of the ipc socket, used by the CLI and by the programmatic
 * client: connect, send one request, receive events until the caller is done.
 */
import * as net from 'node:net';
import { isNaughtEvent, type NaughtEvent } from '../events';
import { isStatusDetail, type StatusDetail } from '../status-detail';
import { encodeFrame, FrameDecoder } from './framing';
import type { NaughtRequest } from './protocol';
import { IpcConnectError } from '../errors';
import { checkSocketPath, SocketPathTooLongError } from './socket-path';

export interface IpcConnection {
  send(request: NaughtRequest): void;
  /** Called for each event, in order. */
  onEvent(listener: (event: NaughtEvent) => void): void;
  /** Called for the answer to a NaughtStatusDetail request. */
  onStatusDetail(listener: (detail: StatusDetail) => void): void;
  /** Called once when the daemon closes the connection (or it breaks). */
  onClose(listener: () => void): void;
  close(): void;
}

/** Maps the socket errors a user can meet to the kinds the CLI tells apart. */
export function classifyConnectError(error: NodeJS.ErrnoException, socketPath: string): IpcConnectError {
  switch (error.code) {
    case 'ENOENT':
    case 'ENOTDIR':
      return new IpcConnectError('not-running', socketPath, error);
    case 'ECONNREFUSED':
    case 'ENOTSOCK':
      return new IpcConnectError('stale', socketPath, error);
    case 'EACCES':
    case 'EPERM':
      return new IpcConnectError('permission', socketPath, error);
    default:
      return new IpcConnectError('other', socketPath, error);
  }
}

/** Connects to the daemon; rejects with an IpcConnectError. */
export function connectToDaemon(socketPath: string): Promise<IpcConnection> {
  return new Promise((resolve, reject) => {
    try {
      checkSocketPath(socketPath);
    } catch (error) {
      const tooLong = error as SocketPathTooLongError;
      reject(new IpcConnectError('other', socketPath, tooLong));
      return;
    }
    const socket = net.connect(socketPath);
    socket.once('error', (error: NodeJS.ErrnoException) => reject(classifyConnectError(error, socketPath)));
    socket.once('connect', () => {
      socket.removeAllListeners('error');
      resolve(wrapSocket(socket));
    });
  });
}

function wrapSocket(socket: net.Socket): IpcConnection {
  const decoder = new FrameDecoder();
  const eventListeners: Array<(event: NaughtEvent) => void> = [];
  const detailListeners: Array<(detail: StatusDetail) => void> = [];
  const closeListeners: Array<() => void> = [];
  let closed = false;
  const finish = (): void => {
    if (closed) return;
    closed = true;
    for (const listener of closeListeners) listener();
  };
  socket.on('data', (chunk: Buffer) => {
    let messages: unknown[];
    try {
      messages = decoder.push(chunk);
    } catch {
      socket.destroy();
      return;
    }
    for (const message of messages) {
      if (isNaughtEvent(message)) for (const listener of eventListeners) listener(message);
      else if (isStatusDetail(message)) for (const listener of detailListeners) listener(message);
    }
  });
  // A broken connection is reported through onClose; the caller decides what it means.
  socket.on('error', () => socket.destroy());
  socket.on('close', finish);
  return {
    send(request) {
      if (!socket.destroyed) socket.write(encodeFrame(request));
    },
    onEvent(listener) {
      eventListeners.push(listener);
    },
    onStatusDetail(listener) {
      detailListeners.push(listener);
    },
    onClose(listener) {
      closeListeners.push(listener);
    },
    close() {
      socket.end();
      socket.unref();
    },
  };
}
