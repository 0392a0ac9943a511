/**
 * Proves that local *deletions* reached durable storage. State vectors cannot
 * show deletions, so after a local deletion we send a standard sync step 1
 * ("probe") on the same socket. The server answers a step 1 only once everything
 * it received before is committed, with a step 2 immediately followed by a
 * `saved` message. Socket order is preserved, so that `saved` proves every
 * deletion sent before the probe is durable.
 *
 * Each local transaction that deletes something bumps `dirty`; `acked` is the
 * highest `dirty` value proven durable.
 */
export class AckTracker {
  private dirty = 0;
  private acked = 0;
  /** `dirty` at the time each outstanding step 1 was sent, oldest first. */
  private outstanding: number[] = [];
  /** Set between a step 2 and the `saved` that follows it. */
  private awaitingSaved: number | null = null;

  constructor(initiallyPending = 0) {
    this.dirty = initiallyPending;
  }

  /** Local deletions not yet proven durable. */
  get pending(): number {
    return Math.max(0, this.dirty - this.acked);
  }

  /** Whether a new probe would prove more than those already in flight. */
  get needsProbe(): boolean {
    const newest = this.outstanding.length ? this.outstanding[this.outstanding.length - 1]! : this.acked;
    return this.dirty > Math.max(newest, this.acked);
  }

  localDeletion(): void {
    this.dirty++;
  }

  /** A step 1 went out on the socket (the provider's own on connect, or a probe). */
  stepOneSent(): void {
    this.outstanding.push(this.dirty);
  }

  /** The provider's step 1 on connect was sent before our reply to the server's step 1: it proves nothing. */
  connectStepOneSent(): void {
    this.outstanding.push(this.acked);
  }

  stepTwoReceived(): void {
    this.awaitingSaved = this.outstanding.shift() ?? null;
  }

  /** Returns true when this `saved` proved more deletions durable. */
  savedReceived(): boolean {
    const proven = this.awaitingSaved;
    this.awaitingSaved = null;
    if (proven === null || proven <= this.acked) return false;
    this.acked = proven;
    return true;
  }

  /** The socket closed: answers to outstanding probes will never come. */
  reset(): void {
    this.outstanding = [];
    this.awaitingSaved = null;
  }
}
