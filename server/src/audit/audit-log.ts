/**
 * Reading a document's audit log (GET /api/docs/:id/audit). Entries are written
 * by the services that make each change, in the change's own store transaction;
 * this is the one place that reads them back for people, with the actors' names.
 */
import type { AuditEntry, ConsensusStore } from '../store/types.js';
import type { AccountService } from '../auth/account-service.js';

/** An entry as the audit page shows it, with its actor's name ("(former member)" for an account that is gone). */
type NamedAuditEntry = AuditEntry & { actorName: string };

export class AuditLog {
  constructor(
    private readonly log: Pick<ConsensusStore, 'listAudit'>,
    private readonly accounts: AccountService,
  ) {}

  /** The document's entries after `after`, oldest first (at most `limit`). */
  async page(docId: string, options: { after?: number; limit?: number }): Promise<NamedAuditEntry[]> {
    const entries = await this.log.listAudit(docId, { afterSeq: options.after, limit: options.limit });
    const names = await this.accounts.names(entries.map((e) => e.actorId));
    return entries.map((e) => ({ ...e, actorName: names.get(e.actorId)! }));
  }
}
