/**
 * Simulated typists and the clocks that time their edits. A writer types one
 * character at a time at its cursor in its own paragraph (an insertion always
 * advances its Yjs clock by one), optionally moving its presence cursor with
 * every keystroke as the TipTap caret extension does. A receiver notices an
 * edit when what it received of the document reaches the writer's clock for that edit.
 */
import * as Y from 'yjs';
import type { BenchClient } from './clients.js';

const KEYS = 'etaoin shrdlu cmfwyp vbgkqj xz ,.';

/** Send times of one writer's edits, indexed by the clock each edit reached. */
export class EditLog {
  readonly clocks: number[] = [];
  readonly times: number[] = [];
  constructor(readonly clientId: number) {}
}

export class Writer {
  readonly log: EditLog;
  private readonly text: Y.XmlText;
  private cursor: number;
  private timer: NodeJS.Timeout | undefined;
  private rand: () => number;
  private lastCaretAt = -Infinity;
  typed = 0;

  constructor(
    readonly client: BenchClient,
    paragraphIndex: number,
    seed: number,
    private readonly presence: boolean,
    /** Move the presence cursor at most this often (0: with every keystroke, as the caret extension does). */
    private readonly caretIntervalMs = 0,
  ) {
    this.log = new EditLog(client.doc.clientID);
    const paragraphs = client.doc
      .getXmlFragment('default')
      .toArray()
      .filter(
        (n): n is Y.XmlElement => n instanceof Y.XmlElement && n.nodeName === 'paragraph' && n.get(0) instanceof Y.XmlText && n.length > 0,
      );
    const paragraph = paragraphs[paragraphIndex % paragraphs.length]!;
    this.text = paragraph.get(0) as Y.XmlText;
    this.cursor = Math.floor(this.text.length / 2);
    let s = seed >>> 0 || 1;
    this.rand = () => (s = (Math.imul(s, 1_103_515_245) + 12_345) >>> 0) / 4_294_967_296;
    client.awareness.setLocalStateField('user', { name: `writer ${paragraphIndex}`, color: '#3366cc' });
  }

  /** Types at `rate` keystrokes per second on average (each gap 0.5–1.5× the mean). */
  start(rate: number): void {
    const mean = 1000 / rate;
    const next = () => {
      this.timer = setTimeout(
        () => {
          this.keystroke();
          next();
        },
        mean * (0.5 + this.rand()),
      );
    };
    // Stagger the first keystroke so writers do not type in lockstep.
    this.timer = setTimeout(next, mean * this.rand());
  }

  stop(): void {
    clearTimeout(this.timer);
  }

  keystroke(): void {
    const ch = KEYS[Math.floor(this.rand() * KEYS.length)]!;
    const sentAt = performance.now();
    this.text.insert(this.cursor, ch);
    this.cursor++;
    this.typed++;
    this.log.clocks.push(Y.getState(this.client.doc.store, this.client.doc.clientID));
    this.log.times.push(sentAt);
    if (this.presence && sentAt - this.lastCaretAt >= this.caretIntervalMs) {
      this.lastCaretAt = sentAt;
      const pos = Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(this.text, this.cursor));
      this.client.awareness.setLocalStateField('cursor', { anchor: pos, head: pos });
    }
  }
}

/**
 * Collects edit-to-receipt latencies at one receiving client for every writer's log.
 * A client that reads updates off the wire (`BenchClient.received`) reports each
 * writer whose clock advanced; one that integrates them is checked against every
 * log after each document update (the old way, kept for comparison: `--integrate`).
 */
export class Receiver {
  private readonly next = new Map<EditLog, number>();
  private readonly byClient = new Map<number, EditLog>();
  private readonly detachers: (() => void)[] = [];

  constructor(
    readonly client: BenchClient,
    logs: EditLog[],
    private readonly record: (latencyMs: number, sentAt: number) => void,
  ) {
    for (const log of logs) {
      this.next.set(log, 0);
      this.byClient.set(log.clientId, log);
    }
    if (client.received) {
      this.detachers.push(
        client.received.listen((clientId, clock) => {
          const log = this.byClient.get(clientId);
          if (log) this.advance(log, clock, performance.now());
        }),
      );
    } else {
      client.doc.on('update', this.onUpdate);
      this.detachers.push(() => client.doc.off('update', this.onUpdate));
    }
  }

  private readonly onUpdate = () => {
    const now = performance.now();
    for (const log of this.next.keys()) this.advance(log, this.client.stateOf(log.clientId), now);
  };

  /** Records every edit of `log` below `state` not recorded yet. */
  private advance(log: EditLog, state: number, now: number): void {
    const index = this.next.get(log)!;
    let i = index;
    while (i < log.clocks.length && log.clocks[i]! <= state) {
      this.record(now - log.times[i]!, log.times[i]!);
      i++;
    }
    if (i !== index) this.next.set(log, i);
  }

  /** Edits of the logs sent in [from, to) that this receiver has not seen. */
  missing(from: number, to: number): number {
    let count = 0;
    for (const [log, index] of this.next) {
      for (let i = index; i < log.times.length; i++) if (log.times[i]! >= from && log.times[i]! < to) count++;
    }
    return count;
  }

  detach(): void {
    for (const detach of this.detachers.splice(0)) detach();
  }
}
