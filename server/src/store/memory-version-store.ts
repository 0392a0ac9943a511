/** Versions in memory, for tests and the contract suite; mirrors the SQLite store. */
import { StoreError, type NewAuditEntry, type VersionStore } from './types.js';
import type { NewVersion, StoredVersion, StoredWording } from './version-types.js';
import type { MemoryConsensusStore } from './memory-consensus-store.js';
import type { MemoryDocStore } from './memory-doc-store.js';

interface Held {
  version: StoredVersion;
  skeleton: Uint8Array;
}

export class MemoryVersionStore implements VersionStore {
  private readonly versions: Held[] = [];
  /** docId → hash → wording. */
  private readonly wordingsByDoc = new Map<string, Map<string, StoredWording>>();
  private seq = 0;

  constructor(
    private readonly docs: MemoryDocStore,
    private readonly consensus: MemoryConsensusStore,
  ) {}

  async create(v: NewVersion, audit?: NewAuditEntry): Promise<StoredVersion> {
    if (!(await this.docs.getDoc(v.docId))) throw new StoreError('unknown document', 'not_found');
    // No await from here on: all of it, or (on a throw above) none of it.
    const { skeleton, wordings, ...rest } = v;
    const version: StoredVersion = structuredClone({ ...rest, seq: ++this.seq });
    const held = this.wordingsOf(v.docId);
    for (const w of wordings)
      if (!held.has(w.hash)) held.set(w.hash, { ...w, editors: [...w.editors], firstVersionId: v.id, firstSeenAt: v.createdAt });
    this.versions.push({ version, skeleton: skeleton.slice() });
    if (audit) void this.consensus.appendAudit(audit);
    return structuredClone(version);
  }

  async list(docId: string): Promise<StoredVersion[]> {
    return this.versions.filter((h) => h.version.docId === docId).map((h) => structuredClone(h.version));
  }

  async get(docId: string, versionId: string): Promise<StoredVersion | undefined> {
    const h = this.find(docId, versionId);
    return h ? structuredClone(h.version) : undefined;
  }

  async skeleton(docId: string, versionId: string): Promise<Uint8Array | undefined> {
    return this.find(docId, versionId)?.skeleton.slice();
  }

  async wordings(docId: string, hashes: readonly string[]): Promise<Map<string, string>> {
    const held = this.wordingsOf(docId);
    const out = new Map<string, string>();
    for (const hash of hashes) {
      const w = held.get(hash);
      if (w) out.set(hash, w.node);
    }
    return out;
  }

  async wordingHashes(docId: string): Promise<Set<string>> {
    return new Set(this.wordingsOf(docId).keys());
  }

  async blockWordings(docId: string, blockId: string): Promise<StoredWording[]> {
    return [...this.wordingsOf(docId).values()].filter((w) => w.blockId === blockId).map((w) => ({ ...w, editors: [...w.editors] }));
  }

  async prune(
    docId: string,
    versionIds: readonly string[],
    keepHashes: ReadonlySet<string>,
  ): Promise<{ versions: number; wordings: number }> {
    const doomed = new Set(versionIds);
    let versions = 0;
    for (let i = this.versions.length - 1; i >= 0; i--) {
      const v = this.versions[i]!.version;
      if (v.docId === docId && doomed.has(v.id) && v.kind !== 'named') {
        this.versions.splice(i, 1);
        versions++;
      }
    }
    let wordings = 0;
    const held = this.wordingsOf(docId);
    for (const hash of [...held.keys()])
      if (!keepHashes.has(hash)) {
        held.delete(hash);
        wordings++;
      }
    return { versions, wordings };
  }

  forgetDoc(docId: string): void {
    for (let i = this.versions.length - 1; i >= 0; i--) if (this.versions[i]!.version.docId === docId) this.versions.splice(i, 1);
    this.wordingsByDoc.delete(docId);
  }

  private find(docId: string, versionId: string): Held | undefined {
    return this.versions.find((h) => h.version.id === versionId && h.version.docId === docId);
  }

  private wordingsOf(docId: string): Map<string, StoredWording> {
    let held = this.wordingsByDoc.get(docId);
    if (!held) this.wordingsByDoc.set(docId, (held = new Map<string, StoredWording>()));
    return held;
  }
}
