/**
 * The answer to a client far behind when the room's document is exactly what the
 * store holds as one piece (a snapshot alone, or a new document's first update):
 * the stored bytes themselves, sent behind a sync step 2 header in a frame of its
 * own (encoding.ts, MessagePieces), with no encoding of the document and no copy.
 *
 * Those bytes can be had again from the store for a read (about 0.3–2 ms for the
 * 150-page report's 0.8 MB on SQLite, against 20–90 ms for an encoding), so the
 * room does not keep them for as long as it is open (0.8 MiB per open report,
 * issue 21). It holds the loaded piece until the first answer has been made of it
 * (for the joiner that opened the room), then only weakly: the piece is shared for
 * as long as anything else holds it (a send buffer, answers in flight), and read
 * again after that. Joiners asking while a read is under way share it, so a crowd
 * of far-behind requests costs one read, never one each.
 */

/** Reads the piece again; null when the store no longer holds exactly that piece (it was folded, or written to). */
export type ReadStoredPiece = () => Promise<Uint8Array | null>;

export class StoredFullState {
  /** The piece as loaded, held until the first answer has been made of it; weakly after (see above). */
  private held: Uint8Array | undefined;
  private piece: WeakRef<Uint8Array>;
  private reading: Promise<Uint8Array | null> | undefined;
  /** The store no longer holds the piece: the room encodes its document instead. */
  private gone = false;

  /** `piece` is the room's document as loaded (the store's read itself); the room drops this object once its document changes. */
  constructor(
    piece: Uint8Array,
    private readonly read: ReadStoredPiece,
  ) {
    this.held = piece;
    this.piece = new WeakRef(piece);
  }

  /** False once the store no longer holds the piece. */
  get usable(): boolean {
    return !this.gone;
  }

  /** Bytes this object keeps alive by itself (for tests: zero once the first answer has gone). */
  get heldBytes(): number {
    return this.held?.byteLength ?? 0;
  }

  /** The piece if it is at hand, else undefined (then `fetch`). From now on it is held only weakly. */
  take(): Uint8Array | undefined {
    const piece = this.held ?? this.piece.deref();
    this.held = undefined;
    return piece;
  }

  /** The piece read again from the store, one read for every caller meanwhile; null if the store has moved on. */
  fetch(): Promise<Uint8Array | null> {
    this.reading ??= this.readOnce().finally(() => (this.reading = undefined));
    return this.reading;
  }

  private async readOnce(): Promise<Uint8Array | null> {
    let piece: Uint8Array | null;
    try {
      piece = await this.read();
    } catch {
      piece = null;
    }
    if (!piece) {
      this.gone = true;
      return null;
    }
    this.piece = new WeakRef(piece);
    return piece;
  }
}
