/**
 * A sync socket that sends exactly the bytes it is given (no y-websocket logic)
 * and records everything the server answers: the fuzz tests' attacker, and a
 * precise observer of the server's state.
 */
import WebSocket from 'ws';
import * as Y from 'yjs';
import { CONCORD_QUERY_PARAM } from '@concord/shared';
import { readServerMessage, step1, type ServerMessage } from './wire.js';

export interface CloseInfo {
  code: number;
  reason: string;
}

export interface RawSocketOptions {
  /** Ask for Concord's type-100 messages (saved, error, welcome). Default true. */
  concord?: boolean;
  /** Messages sent the moment the socket opens, before the server has authorised it. */
  early?: Uint8Array[];
}

export class RawSyncSocket {
  readonly messages: ServerMessage[] = [];
  /** Every `saved` state vector received, in order. */
  readonly saved: Map<number, number>[] = [];
  step2Count = 0;
  close?: CloseInfo;
  /** Why the socket failed, when it did (e.g. the upgrade was answered with an HTTP error). */
  error?: string;
  readonly closed: Promise<CloseInfo>;
  /** Resolves once the WebSocket handshake completed (the server may still be authorising us). */
  readonly opened: Promise<void>;
  /** Resolves once the server greeted us with its sync step 1 (we are authorised, the document is loaded). */
  readonly ready: Promise<void>;
  private readonly ws: WebSocket;
  private readonly watchers = new Set<() => void>();

  constructor(serverUrl: string, docId: string, cookie: string | undefined, options: RawSocketOptions = {}) {
    const url = new URL(`${serverUrl.replace(/^http/, 'ws')}/sync/${encodeURIComponent(docId)}`);
    if (options.concord ?? true) url.searchParams.set(CONCORD_QUERY_PARAM, '1');
    this.ws = new WebSocket(url, { headers: cookie ? { cookie } : {}, perMessageDeflate: false });
    let resolveReady!: () => void;
    let rejectReady!: (err: Error) => void;
    this.ready = new Promise<void>((resolve, reject) => {
      resolveReady = resolve;
      rejectReady = reject;
    });
    this.ready.catch(() => {}); // callers that never await it must not see an unhandled rejection
    this.opened = new Promise<void>((resolve, reject) => {
      this.ws.once('open', () => resolve());
      this.ws.once('close', (code: number) => reject(new Error(`socket closed before it opened: ${code}`)));
    });
    this.opened.catch(() => {});
    this.closed = new Promise<CloseInfo>((resolve) => {
      this.ws.on('close', (code: number, reason: Buffer) => {
        this.close = { code, reason: reason.toString() };
        rejectReady(new Error(`socket closed before it was ready: ${code} ${this.close.reason}${this.error ? ` (${this.error})` : ''}`));
        resolve(this.close);
        this.notify();
      });
    });
    this.ws.on('error', (err) => (this.error = err.message)); // a close always follows
    this.ws.on('open', () => {
      for (const m of options.early ?? []) this.send(m);
    });
    this.ws.on('message', (data: Buffer) => {
      const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength).slice();
      let message: ServerMessage;
      try {
        message = readServerMessage(bytes);
      } catch {
        message = { kind: 'other', type: -1 };
      }
      this.messages.push(message);
      if (message.kind === 'saved') this.saved.push(message.stateVector);
      if (message.kind === 'step2') this.step2Count++;
      if (message.kind === 'step1') resolveReady();
      this.notify();
    });
  }

  get isOpen(): boolean {
    return this.ws.readyState === WebSocket.OPEN && !this.close;
  }

  /** Sends bytes; silently drops them once the socket is closing (the server may have closed it already). */
  send(data: Uint8Array): void {
    if (this.ws.readyState !== WebSocket.OPEN) return;
    this.ws.send(data, (err) => void err);
  }

  /** Resolves with the first message (from index `from`) matching `predicate`, or undefined once the socket closed. */
  waitFor(predicate: (m: ServerMessage) => boolean, from = 0, timeoutMs = 10_000): Promise<ServerMessage | undefined> {
    return new Promise((resolve, reject) => {
      const check = () => {
        for (let i = from; i < this.messages.length; i++) {
          if (predicate(this.messages[i]!)) return done(this.messages[i]);
        }
        if (this.close) done(undefined);
      };
      const timer = setTimeout(() => {
        this.watchers.delete(check);
        reject(new Error(`no matching message within ${timeoutMs} ms (socket ${this.close ? `closed ${this.close.code}` : 'open'})`));
      }, timeoutMs);
      const done = (m: ServerMessage | undefined) => {
        clearTimeout(timer);
        this.watchers.delete(check);
        resolve(m);
      };
      this.watchers.add(check);
      check();
    });
  }

  /**
   * Sends `messages`, then a sync step 1, and waits until the server answered
   * that step 1 (it answers only once everything before it is committed) or
   * closed the socket. `extraStep2` is how many step-2 answers the messages
   * themselves provoke (valid step 1s among them). Returns the final answer's update.
   */
  async settle(
    messages: Uint8Array[],
    extraStep2 = 0,
    stateVector: Uint8Array = Y.encodeStateVector(new Y.Doc()),
    timeoutMs = 10_000,
  ): Promise<{ closed?: CloseInfo; step2?: Uint8Array }> {
    const target = this.step2Count + extraStep2 + 1;
    for (const m of messages) this.send(m);
    this.send(step1(stateVector));
    await new Promise<void>((resolve, reject) => {
      const check = () => {
        if (this.step2Count >= target || this.close) done();
      };
      const timer = setTimeout(() => {
        this.watchers.delete(check);
        reject(new Error(`server did not answer within ${timeoutMs} ms`));
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        this.watchers.delete(check);
        resolve();
      };
      this.watchers.add(check);
      check();
    });
    if (this.step2Count >= target) {
      const last = [...this.messages].reverse().find((m) => m.kind === 'step2');
      return { step2: last?.kind === 'step2' ? last.update : undefined };
    }
    return { closed: this.close };
  }

  /** Closes from our side and waits for the close handshake. */
  async shutdown(): Promise<void> {
    if (this.close) return;
    if (this.ws.readyState === WebSocket.CONNECTING) {
      this.ws.terminate();
    } else {
      this.ws.close(1000, 'bye');
    }
    await Promise.race([this.closed, new Promise((r) => setTimeout(r, 2000))]);
    if (!this.close) this.ws.terminate();
  }

  /** Drops the TCP connection without a close handshake. */
  terminate(): void {
    this.ws.terminate();
  }

  private notify(): void {
    for (const w of [...this.watchers]) w();
  }
}
