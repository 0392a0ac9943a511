import type { AccountStore, DocStore, NotificationKind, NotificationStore, StoredNotification } from './types.js';
import { StoreError } from './types.js';

/** Mirrors the SQLite store, including its foreign keys (via `docs`, `accounts`) and cascade (`forgetDoc`). */
export class MemoryNotificationStore implements NotificationStore {
  /** Oldest first. */
  private readonly items: StoredNotification[] = [];

  constructor(
    private readonly docs: Pick<DocStore, 'getDoc'>,
    private readonly accounts: Pick<AccountStore, 'getUser'>,
  ) {}

  async add(list: StoredNotification[]): Promise<StoredNotification[]> {
    for (const n of list) {
      if (!(await this.docs.getDoc(n.docId)) || !(await this.accounts.getUser(n.userId)))
        throw new StoreError('unknown user or document', 'not_found');
    }
    const added: StoredNotification[] = [];
    for (const n of list) {
      if (n.dedupeKey !== null && this.items.some((m) => m.userId === n.userId && m.docId === n.docId && m.dedupeKey === n.dedupeKey))
        continue;
      this.items.push({ ...n });
      added.push({ ...n });
    }
    return added;
  }

  async list(userId: string, options: { unreadOnly?: boolean; limit: number; docIds?: readonly string[] }): Promise<StoredNotification[]> {
    return this.mine(userId, options.docIds)
      .filter((n) => !options.unreadOnly || n.readAt === null)
      .reverse()
      .slice(0, Math.max(0, Math.floor(options.limit)))
      .map((n) => ({ ...n }));
  }

  async unreadCount(userId: string, options: { docIds?: readonly string[] } = {}): Promise<number> {
    return this.mine(userId, options.docIds).filter((n) => n.readAt === null).length;
  }

  async markRead(userId: string, ids: readonly string[] | 'all', at: string): Promise<number> {
    const wanted = ids === 'all' ? undefined : new Set(ids);
    let changed = 0;
    for (const n of this.items) {
      if (n.userId !== userId || n.readAt !== null || (wanted && !wanted.has(n.id))) continue;
      n.readAt = at;
      changed++;
    }
    return changed;
  }

  async listOfDoc(docId: string, kind: NotificationKind): Promise<StoredNotification[]> {
    return this.items.filter((n) => n.docId === docId && n.kind === kind).map((n) => ({ ...n }));
  }

  async remove(ids: readonly string[]): Promise<number> {
    const wanted = new Set(ids);
    let removed = 0;
    for (let i = this.items.length - 1; i >= 0; i--) {
      if (!wanted.has(this.items[i]!.id)) continue;
      this.items.splice(i, 1);
      removed++;
    }
    return removed;
  }

  forgetDoc(docId: string): void {
    for (let i = this.items.length - 1; i >= 0; i--) if (this.items[i]!.docId === docId) this.items.splice(i, 1);
  }

  private mine(userId: string, docIds: readonly string[] | undefined): StoredNotification[] {
    const docs = docIds ? new Set(docIds) : undefined;
    // A notice whose actor is its recipient records their own action: never listed or counted.
    return this.items.filter((n) => n.userId === userId && n.actorId !== userId && (!docs || docs.has(n.docId)));
  }
}
