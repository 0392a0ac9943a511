/**
 * A document's snapshot for compaction, encoded a slice at a time (issue 21).
 *
 * `Y.encodeStateAsUpdate` of the 150-page report takes 45–90 ms on this
 * project's machine, in one piece: every fold held the event loop, and with it
 * every socket of the process, that long (stall list in BENCHMARKS.md, Round 9).
 * This writes the same bytes (for a document that does not change meanwhile,
 * byte for byte what `Y.encodeStateAsUpdate` writes) in slices of at most
 * `maxStructs` structs, and the room types on between two slices.
 *
 * While it runs the document moves on: items are split, merged, deleted and
 * garbage-collected, and new ones arrive. Every struct is found again by clock
 * in each slice, and each client's structs are written up to at least its
 * clock at the start (the cut). What comes out holds everything the document
 * held at the cut, and possibly some of what came after it (a struct that
 * grew past the cut, a deletion made meanwhile), never anything the document
 * did not have by the end. Only another client's structs are bounded by the cut
 * exactly, so no struct can depend on one the snapshot lacks: every struct
 * written was integrated before the cut, and depends only on what was there
 * then. The caller stores it only once everything applied up to the last slice
 * is durable (room.ts), so the snapshot never holds anything the log does not.
 */
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';

/** One client's structs as written so far: the update format's per-client section, without its header. */
interface Section {
  client: number;
  /** Clock the document had for this client at the cut: the section goes at least this far. */
  until: number;
  encoder: Y.UpdateEncoderV1;
  structs: number;
  /** Deleted ranges of this client, in clock order, adjacent ones joined. */
  deleted: { clock: number; len: number }[];
}

export class SlicedSnapshot {
  private readonly sections: Section[];
  private current = 0;
  /** Next clock to write in the current section. */
  private clock = 0;
  /** Counters for tests: slices taken, and the most structs one slice wrote. */
  readonly counters = { slices: 0, largestSlice: 0, structs: 0 };

  constructor(private readonly doc: Y.Doc) {
    // Higher client ids first, as Yjs writes them (it integrates concurrent edits faster that way).
    this.sections = [...doc.store.clients.keys()]
      .sort((a, b) => b - a)
      .map((client) => ({
        client,
        until: Y.getState(doc.store, client),
        encoder: new Y.UpdateEncoderV1(),
        structs: 0,
        deleted: [],
      }));
  }

  get done(): boolean {
    return this.current >= this.sections.length;
  }

  /** Writes at most `maxStructs` more structs; true once everything is written. */
  step(maxStructs: number): boolean {
    let written = 0;
    while (!this.done && written < maxStructs) {
      const section = this.sections[this.current]!;
      const structs = this.doc.store.clients.get(section.client)!;
      // Found by clock: since the last slice, structs before this one may have been split or merged.
      let i = Y.findIndexSS(structs, this.clock);
      while (this.clock < section.until && written < maxStructs) {
        const struct = structs[i++]!;
        const offset = this.clock - struct.id.clock;
        struct.write(section.encoder, offset);
        if (struct.deleted) noteDeleted(section.deleted, this.clock, struct.length - offset);
        section.structs++;
        written++;
        this.clock = struct.id.clock + struct.length;
      }
      this.skipWritten();
    }
    this.counters.slices++;
    this.counters.structs += written;
    this.counters.largestSlice = Math.max(this.counters.largestSlice, written);
    return this.done;
  }

  /** Moves on to the next client once the current one is written up to the cut. */
  private skipWritten(): void {
    while (!this.done && this.clock >= this.sections[this.current]!.until) {
      this.current++;
      this.clock = 0;
    }
  }

  /**
   * The snapshot as one Yjs update (v1); call once `step` has returned true.
   * Every byte is copied once, into a buffer of the final size: assembling the
   * 150-page report's ~810 KB through encoders took three copies and up to 31 ms
   * of the event loop under load (BENCHMARKS.md, Round 9). The buffer is the
   * result's own, so it can be moved to the writer thread.
   */
  finish(): Uint8Array {
    if (!this.done) throw new Error('the snapshot is not fully written yet');
    const parts: encoding.Encoder[] = [];
    const written = this.sections.filter((s) => s.structs > 0);
    const header = encoding.createEncoder();
    encoding.writeVarUint(header, written.length);
    parts.push(header);
    for (const s of written) {
      const sectionHeader = encoding.createEncoder();
      encoding.writeVarUint(sectionHeader, s.structs);
      encoding.writeVarUint(sectionHeader, s.client);
      encoding.writeVarUint(sectionHeader, 0); // the first struct's clock: every section starts at the beginning
      parts.push(sectionHeader, s.encoder.restEncoder);
    }
    // The delete set, as Yjs writes it: clients with deletions, highest id first.
    const deletes = encoding.createEncoder();
    const withDeletions = this.sections.filter((s) => s.deleted.length > 0);
    encoding.writeVarUint(deletes, withDeletions.length);
    for (const s of withDeletions) {
      encoding.writeVarUint(deletes, s.client);
      encoding.writeVarUint(deletes, s.deleted.length);
      for (const range of s.deleted) {
        encoding.writeVarUint(deletes, range.clock);
        encoding.writeVarUint(deletes, range.len);
      }
    }
    parts.push(deletes);
    return concatenated(parts);
  }
}

/** What the encoders hold, one after the other, in one new buffer of exactly that size: each byte copied once. */
function concatenated(encoders: readonly encoding.Encoder[]): Uint8Array {
  const out = new Uint8Array(encoders.reduce((n, e) => n + encoding.length(e), 0));
  let at = 0;
  for (const e of encoders) {
    // An encoder's filled buffers, then the used part of the current one (lib0's own layout, see encoding.toUint8Array).
    for (const buf of e.bufs) {
      out.set(buf, at);
      at += buf.byteLength;
    }
    out.set(e.cbuf.subarray(0, e.cpos), at);
    at += e.cpos;
  }
  return out;
}

function noteDeleted(ranges: { clock: number; len: number }[], clock: number, len: number): void {
  const last = ranges[ranges.length - 1];
  if (last && last.clock + last.len === clock) last.len += len;
  else ranges.push({ clock, len });
}
