/**
 * What the server provably holds of this device's document, and hence how many
 * changes are not yet saved. Two kinds of proof:
 *  - insertions: the server's `saved` state vectors, and anything the server
 *    sent us (it holds every earlier item of the same client). A sync step 2
 *    follows the commit; another person's update may arrive just before its
 *    commit (docs/RELIABILITY.md), but a crash that loses it is repaired by its
 *    author's device, whose own ledger counts only `saved` (what this device
 *    resends of it is withheld until then);
 *  - deletions (invisible in state vectors): acknowledged probes (AckTracker).
 */
import type * as Y from 'yjs';
import { AckTracker } from './ack-tracker';
import { stateVectorOf, unsavedItems, type StateVector } from './save-state';

export class DurabilityLedger {
  readonly acks: AckTracker;
  /** Per client id, the clock up to which the server provably holds the items. */
  private durable: StateVector;

  constructor(initial: { stateVector: StateVector; pendingDeletions: number } | null = null) {
    this.durable = new Map(initial?.stateVector ?? []);
    this.acks = new AckTracker(initial?.pendingDeletions ?? 0);
  }

  /** The server's `saved` message: this state is committed. */
  saved(stateVector: StateVector): void {
    for (const [client, clock] of stateVector) this.raise(client, clock);
  }

  /** A transaction applied from the server: whatever it brought is committed. */
  receivedFromServer(tr: Y.Transaction): void {
    for (const [client, clock] of tr.afterState) if (clock !== (tr.beforeState.get(client) ?? 0)) this.raise(client, clock);
  }

  /** Σ max(0, local[c] − durable[c]) plus deletions not yet acknowledged. */
  unsaved(doc: Y.Doc): number {
    return unsavedItems(stateVectorOf(doc), this.durable) + this.acks.pending;
  }

  /** For the saved record kept next to the local copy. */
  snapshot(): { stateVector: StateVector; pendingDeletions: number } {
    return { stateVector: new Map(this.durable), pendingDeletions: this.acks.pending };
  }

  private raise(client: number, clock: number): void {
    if (clock > (this.durable.get(client) ?? 0)) this.durable.set(client, clock);
  }
}
