/**
 * Tabs showing the same document on this device share their edits at once
 * (a BroadcastChannel), so that no tab can claim "All changes saved" while
 * another tab holds changes the server has not confirmed: typing in a second
 * tab that is then closed offline lands in every open tab of the document,
 * which counts it as unsaved and sends it when the server is reachable.
 *
 * Updates that came from the server are not relayed: every tab receives those
 * from the server itself, and a relayed copy would count as unsaved in the
 * receiving tab until the server's next `saved` message. Updates relayed by
 * another tab carry `origin` (so the session can tell them from server ones).
 * Every message names the Yjs client id its tab writes under, so that each tab
 * knows which edits are this device's even when the server relays them first.
 * The session decides what to share and when (`share`, once per frame: see
 * UpdateOutbox).
 */
import * as Y from 'yjs';

/** "What do you have that I do not?": answered with an update; `answerBack` asks for the same question in return. */
type StateQuestion = { kind: 'state'; stateVector: Uint8Array; answerBack: boolean };
type TabMessage = (StateQuestion | { kind: 'update'; update: Uint8Array }) & {
  /** The sending tab's Yjs client id (absent from tabs of an older build). */
  clientId?: number;
};

export class TabChannel {
  private readonly channel: BroadcastChannel | null;

  /**
   * @param origin  transaction origin for updates from other tabs.
   * @param onTab   called with the client id another tab writes under, before its message is handled.
   */
  constructor(
    docId: string,
    private readonly doc: Y.Doc,
    readonly origin: object,
    private readonly onTab: (clientId: number) => void = () => {},
  ) {
    this.channel = typeof BroadcastChannel === 'undefined' ? null : new BroadcastChannel('concord-doc-' + docId);
    if (!this.channel) return;
    this.channel.onmessage = (event: MessageEvent<TabMessage>) => this.receive(event.data);
  }

  /** Asks the tabs already open for what they hold (offline work not yet in this tab's local copy). */
  greet(): void {
    this.post({ kind: 'state', stateVector: Y.encodeStateVector(this.doc), answerBack: true });
  }

  /** Gives the other tabs an update made here. */
  share(update: Uint8Array): void {
    this.post({ kind: 'update', update });
  }

  destroy(): void {
    this.channel?.close();
  }

  private receive(message: TabMessage): void {
    const { clientId } = message;
    if (typeof clientId === 'number' && Number.isSafeInteger(clientId)) this.onTab(clientId);
    if (message.kind === 'update') {
      Y.applyUpdate(this.doc, message.update, this.origin);
      return;
    }
    const missing = Y.encodeStateAsUpdate(this.doc, message.stateVector);
    // An update with nothing in it is 2 bytes (no structs, no deletions).
    if (missing.length > 2) this.post({ kind: 'update', update: missing });
    if (message.answerBack) this.post({ kind: 'state', stateVector: Y.encodeStateVector(this.doc), answerBack: false });
  }

  private post(message: TabMessage): void {
    try {
      this.channel?.postMessage({ ...message, clientId: this.doc.clientID });
    } catch {
      // A closed channel (the tab is going away): nothing left to share.
    }
  }
}
