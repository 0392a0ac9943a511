/** Opens every store on one backend. */
import { openSqlite, type OpenSqliteOptions } from './sqlite-database.js';
import { SqliteDocStore } from './sqlite-doc-store.js';
import { SqliteWriter, type SqliteWriterOptions } from './sqlite-writer.js';
import { SqliteAccountStore } from './sqlite-account-store.js';
import { SqliteMemberStore } from './sqlite-member-store.js';
import { SqliteConsensusStore } from './sqlite-consensus-store.js';
import { MemoryConsensusStore } from './memory-consensus-store.js';
import { MemoryDocStore } from './memory-doc-store.js';
import { MemoryAccountStore } from './memory-account-store.js';
import { MemoryMemberStore } from './memory-member-store.js';
import { SqliteCommentStore } from './sqlite-comment-store.js';
import { MemoryCommentStore } from './memory-comment-store.js';
import { SqliteNotificationStore } from './sqlite-notification-store.js';
import { MemoryNotificationStore } from './memory-notification-store.js';
import { SqliteProposalStore } from './sqlite-proposal-store.js';
import { MemoryProposalStore } from './memory-proposal-store.js';
import { SqliteImageStore } from './sqlite-image-store.js';
import { MemoryImageStore } from './memory-image-store.js';
import { SqliteRoundStore } from './sqlite-round-store.js';
import { MemoryRoundStore } from './memory-round-store.js';
import { SqliteMailStore } from './sqlite-mail-store.js';
import { MemoryMailStore } from './memory-mail-store.js';
import { SqliteAuditWriter } from './sqlite-audit-writer.js';
import { SqliteVersionStore } from './sqlite-version-store.js';
import { MemoryVersionStore } from './memory-version-store.js';
import { StoreError, type MemberStore, type NewAuditEntry, type Stores } from './types.js';

export interface OpenSqliteStoresOptions extends OpenSqliteOptions {
  /**
   * Commit document updates in a worker thread (the server: the event loop keeps
   * serving while the disk syncs). Without it they commit on the calling thread
   * (the CLI, scripts). Not for ':memory:' databases, which a second connection cannot see.
   */
  writer?: Omit<SqliteWriterOptions, 'synchronous'>;
}

export function openSqliteStores(
  file: string,
  options: OpenSqliteStoresOptions = {},
): Stores & { db: ReturnType<typeof openSqlite>; writer?: SqliteWriter } {
  const db = openSqlite(file, options);
  const writer =
    options.writer && file !== ':memory:' ? new SqliteWriter(file, { ...options.writer, synchronous: options.synchronous }) : undefined;
  const audit = new SqliteAuditWriter(db);
  return {
    db,
    writer,
    docs: new SqliteDocStore(db, audit, undefined, writer),
    accounts: new SqliteAccountStore(db),
    members: new SqliteMemberStore(db, audit),
    consensus: new SqliteConsensusStore(db),
    comments: new SqliteCommentStore(db, audit),
    notifications: new SqliteNotificationStore(db),
    proposals: new SqliteProposalStore(db),
    images: new SqliteImageStore(db),
    rounds: new SqliteRoundStore(db, audit),
    mail: new SqliteMailStore(db, audit),
    versions: new SqliteVersionStore(db),
    async ping() {
      db.prepare('SELECT 1').get();
    },
    async close() {
      await writer?.close();
      if (db.open) db.close();
    },
  };
}

export function openMemoryStores(): Stores {
  const consensus = new MemoryConsensusStore();
  const members = new MemoryMemberStore(consensus);
  const docs = new MemoryDocStore(consensus);
  const deleteDoc = docs.deleteDoc.bind(docs);
  // Mirrors SQLite's ON DELETE CASCADE (and its deleting the document's audit entries).
  docs.deleteDoc = async (id: string, audit?: NewAuditEntry) => {
    members.forgetDoc(id);
    consensus.forgetDoc(id);
    comments.forgetDoc(id);
    notifications.forgetDoc(id);
    proposals.forgetDoc(id);
    images.forgetDoc(id);
    rounds.forgetDoc(id);
    mail.forgetDoc(id);
    versions.forgetDoc(id);
    return deleteDoc(id, audit);
  };
  const accounts = new MemoryAccountStore();
  const comments = new MemoryCommentStore(docs, consensus);
  const notifications = new MemoryNotificationStore(docs, accounts);
  const proposals = new MemoryProposalStore(docs, consensus);
  const images = new MemoryImageStore(docs);
  const rounds = new MemoryRoundStore(docs, consensus);
  const mail = new MemoryMailStore(docs, accounts, consensus);
  const versions = new MemoryVersionStore(docs, consensus);
  // Mirrors SQLite's foreign keys: no members of unknown documents or users.
  const setMember = members.setMember.bind(members);
  members.setMember = async (docId, userId, role, entry) => {
    if (!(await docs.getDoc(docId)) || !(await accounts.getUser(userId)))
      throw new StoreError('unknown document, user or role', 'not_found');
    return setMember(docId, userId, role, entry);
  };
  // An invitation's email goes into the outbox with it, as the SQL stores do in one
  // transaction: checked before the invitation is stored, queued right after it.
  const memberStore: MemberStore = members;
  const inviteMember = members.inviteMember.bind(members);
  memberStore.inviteMember = async (docId, userId, role, invitation, entry, email) => {
    if (!(await docs.getDoc(docId)) || !(await accounts.getUser(userId)))
      throw new StoreError('unknown document, user or role', 'not_found');
    if (email) await mail.check(email);
    const made = await inviteMember(docId, userId, role, invitation, entry);
    if (email) await mail.enqueue([email]);
    return made;
  };
  const putInvitation = members.putInvitation.bind(members);
  memberStore.putInvitation = async (invitation, entry, email) => {
    if (!(await docs.getDoc(invitation.docId))) throw new StoreError('unknown document or role', 'not_found');
    if (email) await mail.check(email);
    const stored = await putInvitation(invitation, entry);
    if (email && stored.id === invitation.id) await mail.enqueue([email]);
    return stored;
  };
  return { docs, accounts, members, consensus, comments, notifications, proposals, images, rounds, mail, versions, async close() {} };
}
