/** The email outbox and preferences in memory, for tests and the contract suite; mirrors the SQLite store. */
import type { EmailMode } from '@concord/shared';
import { StoreError, type AccountStore, type ConsensusStore, type DocStore, type NewAuditEntry } from './types.js';
import type { MailStore, StoredMail } from './mail-types.js';

export class MemoryMailStore implements MailStore {
  /** Oldest first. */
  private readonly mails: StoredMail[] = [];
  private readonly settings = new Map<string, EmailMode>();

  constructor(
    private readonly docs: Pick<DocStore, 'getDoc'>,
    private readonly accounts: Pick<AccountStore, 'getUser'>,
    /** Where audit entries go (the consensus store's log); its append runs synchronously, so nothing comes between. */
    private readonly auditLog: Pick<ConsensusStore, 'appendAudit'>,
  ) {}

  async enqueue(list: readonly StoredMail[]): Promise<StoredMail[]> {
    for (const m of list) await this.check(m);
    const added: StoredMail[] = [];
    for (const m of list) {
      if (this.mails.some((x) => x.key === m.key)) continue;
      this.mails.push({ ...m });
      added.push({ ...m });
    }
    return added;
  }

  async due(now: string, limit: number): Promise<StoredMail[]> {
    return this.mails
      .filter((m) => m.state === 'pending' && m.nextAttemptAt <= now)
      .slice(0, limit)
      .map((m) => ({ ...m }));
  }

  async held(limit: number): Promise<StoredMail[]> {
    return this.mails
      .filter((m) => m.state === 'held')
      .slice(0, limit)
      .map((m) => ({ ...m }));
  }

  async fold(digest: StoredMail, heldIds: readonly string[]): Promise<boolean> {
    await this.check(digest);
    if (this.mails.some((x) => x.key === digest.key)) return false;
    this.mails.push({ ...digest });
    const ids = new Set(heldIds);
    for (const m of this.mails) if (ids.has(m.id) && m.state === 'held') m.state = 'digested';
    return true;
  }

  async update(id: string, change: Parameters<MailStore['update']>[1]): Promise<void> {
    const m = this.mails.find((x) => x.id === id);
    if (m) Object.assign(m, Object.fromEntries(Object.entries(change).filter(([, v]) => v !== undefined)));
  }

  async failed(docId: string, limit: number): Promise<StoredMail[]> {
    return this.mails
      .filter((m) => m.docId === docId && m.state === 'failed')
      .reverse()
      .slice(0, limit)
      .map((m) => ({ ...m }));
  }

  async byKey(key: string): Promise<StoredMail | undefined> {
    const m = this.mails.find((x) => x.key === key);
    return m ? { ...m } : undefined;
  }

  async modes(userId: string): Promise<Map<string, EmailMode>> {
    const out = new Map<string, EmailMode>();
    for (const [k, mode] of this.settings) {
      const [u, d] = JSON.parse(k) as [string, string];
      if (u === userId) out.set(d, mode);
    }
    return out;
  }

  async setMode(userId: string, docId: string, mode: EmailMode, audit?: NewAuditEntry): Promise<void> {
    if (!(await this.docs.getDoc(docId)) || !(await this.accounts.getUser(userId)))
      throw new StoreError('unknown user or document', 'not_found');
    this.settings.set(JSON.stringify([userId, docId]), mode);
    if (audit) void this.auditLog.appendAudit(audit);
  }

  forgetDoc(docId: string): void {
    for (let i = this.mails.length - 1; i >= 0; i--) if (this.mails[i]!.docId === docId) this.mails.splice(i, 1);
    for (const k of [...this.settings.keys()]) if ((JSON.parse(k) as string[])[1] === docId) this.settings.delete(k);
  }

  /** Refuses (StoreError not_found) a mail SQLite's foreign keys would refuse: checked before another store's change it goes with. */
  async check(m: StoredMail): Promise<void> {
    if ((m.docId !== null && !(await this.docs.getDoc(m.docId))) || (m.userId !== null && !(await this.accounts.getUser(m.userId))))
      throw new StoreError('unknown user or document', 'not_found');
  }
}
