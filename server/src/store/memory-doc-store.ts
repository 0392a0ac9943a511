import * as Y from 'yjs';
import type {
  CommitBatch,
  CommitReceipt,
  ConsensusStore,
  DocMeta,
  DocStore,
  FoldReceipt,
  FoldRecord,
  NewAuditEntry,
  StoredDocState,
} from './types.js';
import { StoreError } from './types.js';

interface MemoryDoc {
  meta: DocMeta;
  snapshot: Uint8Array | null;
  updates: { seq: number; update: Uint8Array }[];
  lastSeq: number;
  snapshotGen: number;
  clientOwners: Map<number, string>;
}

/** In-memory DocStore: for tests and as the reference behaviour of the contract suite. */
export class MemoryDocStore implements DocStore {
  private readonly docs = new Map<string, MemoryDoc>();
  private seq = 0;

  constructor(
    /** Where audit entries go (the consensus store's log); its append runs synchronously, so nothing comes between. */
    private readonly auditLog: Pick<ConsensusStore, 'appendAudit'>,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async createDoc(
    input: { id: string; title: string; createdBy?: string | null; initialUpdate?: Uint8Array },
    audit?: NewAuditEntry,
  ): Promise<DocMeta> {
    if (this.docs.has(input.id)) throw new StoreError(`document ${input.id} exists`, 'conflict');
    const at = this.now().toISOString();
    const meta: DocMeta = { id: input.id, title: input.title, createdAt: at, updatedAt: at, createdBy: input.createdBy ?? null };
    const doc: MemoryDoc = { meta, snapshot: null, updates: [], lastSeq: 0, snapshotGen: 0, clientOwners: new Map() };
    if (input.initialUpdate) {
      doc.lastSeq = ++this.seq;
      doc.updates.push({ seq: doc.lastSeq, update: input.initialUpdate.slice() });
    }
    this.docs.set(input.id, doc);
    if (audit) void this.auditLog.appendAudit(audit);
    return { ...meta };
  }

  async getDoc(id: string): Promise<DocMeta | undefined> {
    const doc = this.docs.get(id);
    return doc ? { ...doc.meta } : undefined;
  }

  async listDocs(filter?: { ids?: readonly string[] }): Promise<DocMeta[]> {
    const wanted = filter?.ids ? new Set(filter.ids) : undefined;
    return [...this.docs.values()]
      .filter((d) => !wanted || wanted.has(d.meta.id))
      .map((d) => ({ ...d.meta }))
      .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt) || a.id.localeCompare(b.id));
  }

  async renameDoc(id: string, title: string, audit?: NewAuditEntry): Promise<DocMeta | undefined> {
    const doc = this.docs.get(id);
    if (!doc) return undefined;
    doc.meta = { ...doc.meta, title, updatedAt: this.now().toISOString() };
    if (audit) void this.auditLog.appendAudit(audit);
    return { ...doc.meta };
  }

  async deleteDoc(id: string, audit?: NewAuditEntry): Promise<boolean> {
    const deleted = this.docs.delete(id);
    if (deleted && audit) void this.auditLog.appendAudit(audit);
    return deleted;
  }

  async loadDocState(id: string): Promise<StoredDocState | undefined> {
    const doc = this.docs.get(id);
    if (!doc) return undefined;
    return {
      snapshot: doc.snapshot?.slice() ?? null,
      updates: doc.updates.map((u) => u.update.slice()),
      lastSeq: doc.lastSeq,
      snapshotGen: doc.snapshotGen,
      clientOwners: new Map(doc.clientOwners),
    };
  }

  async commit(batch: CommitBatch): Promise<CommitReceipt> {
    // Check everything first so that a failing batch changes nothing (atomicity).
    for (const r of [...batch.updates, ...(batch.claims ?? [])]) {
      if (!this.docs.has(r.docId)) throw new StoreError(`document ${r.docId} not found`, 'not_found');
    }
    const at = this.now().toISOString();
    const receipt: CommitReceipt = { seqs: [] };
    for (const { docId, update } of batch.updates) {
      const doc = this.docs.get(docId)!;
      doc.lastSeq = ++this.seq;
      receipt.seqs.push(doc.lastSeq);
      doc.updates.push({ seq: doc.lastSeq, update: update.slice() });
      doc.meta.updatedAt = at;
    }
    for (const { docId, clientId, userId } of batch.claims ?? []) {
      const owners = this.docs.get(docId)!.clientOwners;
      if (!owners.has(clientId)) owners.set(clientId, userId);
    }
    return receipt;
  }

  /** The reference behaviour of a fold with any number of writers (PostgreSQL's). */
  async foldLog({ docId, snapshot, base }: FoldRecord): Promise<FoldReceipt> {
    const doc = this.docs.get(docId);
    if (!doc) throw new StoreError(`document ${docId} not found`, 'not_found');
    const folded = new Set(base.seqs);
    // Written since the copy's base: what it folded is only in the stored snapshot.
    const merged = doc.snapshot !== null && doc.snapshotGen !== base.snapshotGen;
    doc.snapshot = merged ? Y.mergeUpdates([doc.snapshot!, snapshot]) : snapshot.slice();
    doc.updates = doc.updates.filter((u) => u.seq > base.uptoSeq && !folded.has(u.seq));
    return { snapshotGen: ++doc.snapshotGen, merged };
  }

  async logLength(id: string): Promise<number> {
    return this.docs.get(id)?.updates.length ?? 0;
  }

  async close(): Promise<void> {}
}
