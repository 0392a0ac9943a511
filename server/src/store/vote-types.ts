/** A stored vote: its own module so store type modules can share it without importing each other. */
export interface StoredVote {
  docId: string;
  blockId: string;
  userId: string;
  stance: 'agree' | 'dispute';
  reason: string | null;
  /** Fingerprint of the block's content the vote was cast on. */
  fingerprint: string;
  /** The block's text at the time of voting, so the voter can see what changed since. */
  text: string;
  at: string;
}
