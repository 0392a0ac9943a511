/**
 * What the server provably holds of this device's edits, and hence how many
 * changes are not yet saved. Only this device's edits count — typed in this tab
 * or in another tab of the document here, now or in an earlier session. Other
 * people's edits (and this account's on other devices) are neither saved nor
 * unsaved here: their client ids arrive only from the server and are set aside.
 * Receiving an update is no proof that it is saved: the server relays updates
 * as soon as it has applied them, before its commit (docs/PROTOCOL.md, "Sent
 * when applied"). Two kinds of proof:
 *  - insertions: the server's `saved` state vectors;
 *  - deletions (invisible in state vectors): acknowledged probes (AckTracker).
 */
import type * as Y from 'yjs';
import { AckTracker } from './ack-tracker';
import { stateVectorOf, unsavedItems, type StateVector } from './save-state';
import type { SavedRecord } from './saved-record';

export class DurabilityLedger {
  readonly acks: AckTracker;
  /** Per client id, the clock up to which the server confirmed it holds the items durably. */
  private durable: StateVector;
  /** Client ids whose items reached this device only from the server: not this device's edits. */
  private readonly others: Set<number>;
  /** Client ids this device writes under (this tab, the other tabs of the document here). */
  private readonly mine = new Set<number>();

  constructor(initial: SavedRecord | null = null) {
    this.durable = new Map(initial?.stateVector ?? []);
    this.others = new Set(initial?.others ?? []);
    this.acks = new AckTracker(initial?.pendingDeletions ?? 0);
  }

  /** The server's `saved` message: this state is committed. */
  saved(stateVector: StateVector): void {
    for (const [client, clock] of stateVector) this.raise(client, clock);
  }

  /**
   * This tab, or another tab of the document on this device, writes under `clientId`:
   * its edits count until the server confirms them. Returns true when edits under it
   * had arrived from the server before (so this tab never sent them, and no `saved`
   * will come for them unless asked for).
   */
  writesHere(clientId: number): boolean {
    this.mine.add(clientId);
    return this.others.delete(clientId);
  }

  /**
   * A transaction applied from the server. Returns true when it brought edits of this
   * device's own client ids (another tab's, relayed by the server before the tab's own
   * copy arrived): they stay unsaved until a `saved` covers them.
   */
  receivedFromServer(tr: Y.Transaction): boolean {
    let own = false;
    for (const [client, clock] of tr.afterState) {
      if (clock === (tr.beforeState.get(client) ?? 0)) continue;
      if (this.mine.has(client)) own = true;
      else this.others.add(client);
    }
    return own;
  }

  /** Σ max(0, local[c] − durable[c]) over this device's client ids, plus deletions not yet acknowledged. */
  unsaved(doc: Y.Doc): number {
    return this.unsavedFrom(stateVectorOf(doc));
  }

  /**
   * The same, from the document's state vector as a transaction left it (`afterState`, which Yjs
   * works out for every transaction anyway): no encoding of the state vector per keystroke.
   */
  unsavedFrom(local: StateVector): number {
    return unsavedItems(local, this.durable, this.others) + this.acks.pending;
  }

  /** For the saved record kept next to the local copy. */
  snapshot(): SavedRecord {
    return { stateVector: new Map(this.durable), pendingDeletions: this.acks.pending, others: [...this.others] };
  }

  private raise(client: number, clock: number): void {
    if (clock > (this.durable.get(client) ?? 0)) this.durable.set(client, clock);
  }
}
