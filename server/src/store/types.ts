/**
 * The storage seam. Everything the server persists goes through these small
 * interfaces; each has one contract suite (server/test/store/) run against every
 * implementation (memory, SQLite; PostgreSQL later). Methods are async so a
 * networked engine fits behind the same interface.
 */
import type { ProposalStore } from './proposal-types.js';
import type { ImageStore } from './image-types.js';
import type { StoredVote } from './vote-types.js';
import type { RoundStore } from './round-types.js';
import type { MailStore, StoredMail } from './mail-types.js';
import type { NewVersion, StoredVersion, StoredWording } from './version-types.js';

export type { ProposalStore, ImageStore, RoundStore, MailStore };
export type { AuditEntry, NewAuditEntry, ProposalAuditAction, VersionAuditAction } from './audit-types.js';
import type { AuditEntry, NewAuditEntry } from './audit-types.js';

import type { Role, NotificationKind } from '@concord/shared';
export { ROLES, NOTIFICATION_KINDS, type Role, type NotificationKind } from '@concord/shared';

export interface DocMeta {
  id: string;
  title: string;
  createdAt: string;
  updatedAt: string;
  createdBy: string | null;
}

/** What is stored for one document: the latest snapshot plus the update log after it. */
export interface StoredDocState {
  snapshot: Uint8Array | null;
  updates: Uint8Array[];
  /**
   * The document's log position: every update of the document committed up to it is
   * in this state, and every one committed later has a higher seq (0 if none yet).
   * A process that subscribes to other processes' updates first and loads second
   * applies what it hears with a higher seq and misses nothing (docs/ARCHITECTURE.md).
   */
  lastSeq: number;
  /** Which stored snapshot this is built on (0: none); increases with every snapshot written. */
  snapshotGen: number;
  /** Which account first wrote under each Yjs client id of the document (see sync/client-ownership.ts). */
  clientOwners: Map<number, string>;
}

export interface UpdateRecord {
  docId: string;
  update: Uint8Array;
}

/**
 * A compaction: a snapshot of an in-memory copy of the document, to replace the
 * logged updates that copy holds. Written in a transaction of its own, never
 * inside a commit of updates (DocStore.foldLog), so typing does not wait for it.
 */
export interface FoldRecord {
  docId: string;
  /**
   * The copy's full state: everything `base` names, and possibly more the copy
   * applied later, all of it committed before the fold is handed over (a room
   * encodes it while typing goes on, sync/sliced-snapshot.ts).
   */
  snapshot: Uint8Array;
  /**
   * The caller never reads `snapshot` again: a store that hands it to another
   * thread (SQLite's writer) may move the bytes there instead of copying them.
   */
  snapshotHandedOver?: boolean;
  /**
   * What the snapshot includes of the stored log. Only the updates named here are
   * deleted — never one committed after the snapshot was taken, nor another
   * process's that the copy had not applied — and a snapshot another process wrote
   * since `base.snapshotGen` is merged into this one, never replaced. SQLite,
   * written by one server only (its data-dir lock), folds every update up to the
   * highest seq named.
   */
  base: FoldBase;
}

/** What a fold stored. */
export interface FoldReceipt {
  /** The generation of the snapshot now stored (StoredDocState.snapshotGen). */
  snapshotGen: number;
  /**
   * True when another process's snapshot was merged in: the stored snapshot then
   * holds more than the copy, which must not name this generation as its base
   * (a later fold from it would replace what it lacks).
   */
  merged: boolean;
}

/** What an in-memory copy of a document includes of what is stored (see FoldRecord.base). */
export interface FoldBase {
  /** The snapshot generation it was built on (StoredDocState.snapshotGen, or one it wrote since). */
  snapshotGen: number;
  /** Every update of the document up to this seq is in it (StoredDocState.lastSeq when loaded). */
  uptoSeq: number;
  /** Later updates that are in it too: its own commits, and other processes' it has applied. */
  seqs: readonly number[];
}

/** What a commit stored. */
export interface CommitReceipt {
  /** The log position (seq) of each of the batch's updates, in batch order. */
  seqs: number[];
}

/** The account that first wrote under a Yjs client id of a document; the first claim stays. */
export interface ClientClaimRecord {
  docId: string;
  clientId: number;
  userId: string;
}

/** A group of writes committed atomically: all of it is durable, or none of it. */
export interface CommitBatch {
  updates: UpdateRecord[];
  /** Client ids first written under by the batch's updates, stored with them. */
  claims?: ClientClaimRecord[];
}

export interface DocStore {
  /** Creates a document; `audit` (its `doc.created` entry) is appended in the same transaction. */
  createDoc(
    input: { id: string; title: string; createdBy?: string | null; initialUpdate?: Uint8Array },
    audit?: NewAuditEntry,
  ): Promise<DocMeta>;
  getDoc(id: string): Promise<DocMeta | undefined>;
  /** All documents, or only those with the given ids; newest update first. */
  listDocs(filter?: { ids?: readonly string[] }): Promise<DocMeta[]>;
  /** Renames a document (undefined if there is none); `audit` is appended in the same transaction, only if renamed. */
  renameDoc(id: string, title: string, audit?: NewAuditEntry): Promise<DocMeta | undefined>;
  /**
   * Deletes the document and all its stored state, its audit entries too. Returns false
   * if it did not exist. `audit` (its `doc.deleted` entry) is appended in the same
   * transaction, only if deleted: the one entry of the document's log that outlives it.
   */
  deleteDoc(id: string, audit?: NewAuditEntry): Promise<boolean>;
  /** Undefined when the document does not exist. */
  loadDocState(id: string): Promise<StoredDocState | undefined>;
  /** Atomic and durable on resolve. Updates for unknown documents make the whole batch fail. */
  commit(batch: CommitBatch): Promise<CommitReceipt>;
  /**
   * Compacts: stores the snapshot and deletes the logged updates it folds, atomically
   * and durably, in its own transaction. Commits of the same document may run
   * meanwhile and are not held up (PostgreSQL; SQLite's one writer runs them in turn).
   * Folds of one document run one at a time, across processes too. StoreError
   * 'not_found' when the document is gone.
   */
  foldLog(record: FoldRecord): Promise<FoldReceipt>;
  /** Number of logged updates not yet folded into a snapshot. */
  logLength(id: string): Promise<number>;
  close(): Promise<void>;
}

export class StoreError extends Error {
  constructor(
    message: string,
    readonly reason: 'not_found' | 'conflict' | 'io',
  ) {
    super(message);
    this.name = 'StoreError';
  }
}

export interface User {
  id: string;
  /** Lower-cased; unique. */
  email: string;
  name: string;
  color: string;
  createdAt: string;
}

export interface UserWithSecret extends User {
  passwordHash: string;
}

export interface Session {
  /** SHA-256 of the cookie token: the token itself is never stored. */
  tokenHash: string;
  userId: string;
  createdAt: string;
  expiresAt: string;
}

export interface AccountStore {
  createUser(user: { id: string; email: string; name: string; color: string; passwordHash: string }): Promise<User>;
  getUser(id: string): Promise<User | undefined>;
  getUserByEmail(email: string): Promise<UserWithSecret | undefined>;
  listUsers(): Promise<User[]>;
  /**
   * Replaces the password hash (sessions are the caller's business). With `expected`, only if
   * the stored hash is still that one (a sign-in re-hashing must not undo a change made meanwhile).
   * False when the user does not exist, or the stored hash is not `expected`.
   */
  setPasswordHash(userId: string, passwordHash: string, expected?: string): Promise<boolean>;
  createSession(session: Session): Promise<void>;
  getSession(tokenHash: string): Promise<Session | undefined>;
  /** Slides the idle expiry forward. */
  touchSession(tokenHash: string, expiresAt: string): Promise<void>;
  revokeSession(tokenHash: string): Promise<void>;
  revokeUserSessions(userId: string): Promise<number>;
}

export interface Member {
  docId: string;
  userId: string;
  role: Role;
  /** When they were added (for an invited member: when the invitation was made). */
  addedAt: string;
  /**
   * Set while the member was invited by email and has not yet opened the document
   * (issue 12): the list then shows the email as typed, never the account's name.
   * Absent once accepted, and for members added directly (document creation, CLI).
   */
  invitation?: MemberInvitation;
}

/** What a member's not-yet-accepted invitation was. */
export interface MemberInvitation {
  id: string;
  /** The email as the author typed it (trimmed, case kept). */
  email: string;
}

/** An invitation by email for which no account exists yet: it becomes a membership when the account is created. */
export interface Invitation {
  id: string;
  docId: string;
  /** As the author typed it (trimmed, case kept); matched against accounts case-insensitively. */
  email: string;
  role: Role;
  invitedAt: string;
}

/** An invitation found by id, whichever kind it is: pending (userId null) or held by a member who has not accepted yet. */
export interface FoundInvitation extends Invitation {
  userId: string | null;
}

export interface MemberStore {
  /** Adds or changes a member's role; with `audit`, appends it to the audit log in the same transaction. */
  setMember(docId: string, userId: string, role: Role, audit?: NewAuditEntry): Promise<Member>;
  /** Removes a member (false if they were none); `audit` is appended in the same transaction, only if removed. */
  removeMember(docId: string, userId: string, audit?: NewAuditEntry): Promise<boolean>;
  listMembers(docId: string): Promise<Member[]>;
  roleOf(docId: string, userId: string): Promise<Role | undefined>;
  docIdsOf(userId: string): Promise<string[]>;
  getMember(docId: string, userId: string): Promise<Member | undefined>;
  /**
   * Adds an existing account invited by email: a member at once (access), listed as
   * invited until acceptInvitation. StoreError conflict when already a member;
   * not_found for an unknown document or user. `audit`, and `mail` (the
   * invitation's email, into the outbox: a transactional outbox), in the same
   * transaction: the invitation and its email are stored together or not at all.
   */
  inviteMember(
    docId: string,
    userId: string,
    role: Role,
    invitation: MemberInvitation,
    audit?: NewAuditEntry,
    mail?: StoredMail,
  ): Promise<Member>;
  /**
   * Stores an invitation for an email with no account, or changes the role of the one
   * with this id (keeping its email and time). When the document already has another
   * invitation for that email (case-insensitively: two invitations of it at once), that
   * one is kept as it is and returned, and `audit` is not written; otherwise `audit` is
   * appended in the same transaction, and so is `mail` (the invitation's email, into
   * the outbox: a transactional outbox), never when the other invitation is kept. Returns the invitation
   * as stored; the caller tells the cases apart by its id. StoreError not_found for an
   * unknown document.
   */
  putInvitation(invitation: Invitation, audit?: NewAuditEntry, mail?: StoredMail): Promise<Invitation>;
  /** The document's pending invitations (emails with no account), oldest first. */
  listInvitations(docId: string): Promise<Invitation[]>;
  /** The pending invitation of the document for this email (case-insensitively), if any. */
  invitationForEmail(docId: string, email: string): Promise<Invitation | undefined>;
  /** An invitation of the document by id: a pending one, or a member's not yet accepted. */
  findInvitation(docId: string, invitationId: string): Promise<FoundInvitation | undefined>;
  /** Deletes a pending invitation (false if none); `audit` in the same transaction, only if deleted. */
  removeInvitation(docId: string, invitationId: string, audit?: NewAuditEntry): Promise<boolean>;
  /** Marks an invited member as having accepted (false if they had nothing to accept); `audit` only if changed. */
  acceptInvitation(docId: string, userId: string, audit?: NewAuditEntry): Promise<boolean>;
  /**
   * Turns every pending invitation for this email into a membership of this (new)
   * account, still listed as invited (same id, email and time), in one transaction.
   * A membership the account already has is kept. Returns the memberships made.
   */
  claimInvitations(userId: string, email: string): Promise<Member[]>;
}

/** Everything the server persists, opened together. */
export interface Stores {
  docs: DocStore;
  accounts: AccountStore;
  members: MemberStore;
  consensus: ConsensusStore;
  comments: CommentStore;
  notifications: NotificationStore;
  proposals: ProposalStore;
  images: ImageStore;
  rounds: RoundStore;
  mail: MailStore;
  versions: VersionStore;
  /** Resolves when the backing database answers (readiness, /readyz); rejects when it does not. */
  ping?(): Promise<void>;
  /**
   * Where several processes share the store (PostgreSQL): runs `work` unless another
   * process is running the job of this name, and resolves false when it skipped it.
   * Absent: this process is the only one (see runExclusive).
   */
  exclusive?(job: string, work: () => Promise<void>): Promise<boolean>;
  close(): Promise<void>;
}

export type { StoredVote };

/** What a batch of votes was, for its audit entry. */
export interface VoteBatch {
  docId: string;
  actorId: string;
  at: string;
  /** The section signed off, when the client said so (audit only). */
  sectionId: string | null;
}

/** Votes, the rule, and the document's append-only audit log. */
export interface ConsensusStore {
  /** Records (or replaces) a user's current vote and appends to the audit log, atomically. */
  putVote(vote: StoredVote): Promise<void>;
  /**
   * Records one user's votes on several blocks as one act (sign-off by section):
   * a `vote.batch` audit entry, then each vote with its own `vote.cast` entry
   * (carrying `batchSeq`), all or nothing.
   */
  putVotes(votes: readonly StoredVote[], batch: VoteBatch): Promise<void>;
  /** Removes a user's current vote and appends to the audit log; false if there was none. */
  withdrawVote(docId: string, blockId: string, userId: string, at: string): Promise<boolean>;
  listVotes(docId: string): Promise<StoredVote[]>;
  /** The document's rule JSON as stored; undefined when it has none. */
  getRule(docId: string): Promise<unknown>;
  /** Sets the document's consensus rule (JSON) and audits the change. */
  setRule(docId: string, rule: unknown, actorId: string, at: string): Promise<void>;
  /** For actions that change nothing else stored (e.g. a review request); changes pass their entry to the store method that makes them. */
  appendAudit(entry: NewAuditEntry): Promise<void>;
  /** One document's entries after `afterSeq`, oldest first (at most `limit`, default 1000, never over 10,000). */
  listAudit(docId: string, options?: { afterSeq?: number; limit?: number }): Promise<AuditEntry[]>;
  /** Every document's entries after `afterSeq`, oldest first: how a server sees changes another process (the CLI) made. */
  listAuditAfter(afterSeq: number, options?: { limit?: number }): Promise<AuditEntry[]>;
  /** The highest audit sequence number written so far (0 if none). */
  lastAuditSeq(): Promise<number>;
}

/** A discussion thread anchored to one block; outlives the block (then shown as detached). */
export interface StoredThread {
  id: string;
  docId: string;
  blockId: string;
  /** The stretch of the block's text the thread is about, if any. */
  quote: string | null;
  /** The block's whole text when the thread was started: what it was about, even if the block is deleted. */
  anchorText: string;
  createdBy: string;
  createdAt: string;
  status: 'open' | 'resolved';
  resolvedBy: string | null;
  resolvedAt: string | null;
}

/** One comment of a thread. Deleting is soft: the text is cleared, the place in the thread kept. */
export interface StoredComment {
  id: string;
  threadId: string;
  docId: string;
  authorId: string;
  /** Plain text, never interpreted as HTML; '' once deleted. */
  text: string;
  createdAt: string;
  editedAt: string | null;
  deletedAt: string | null;
}

export interface CommentStore {
  /**
   * Creates a thread with its first comment, atomically. StoreError not_found for an unknown document.
   * Every method that changes something takes the change's `audit` entry and writes it in the same
   * transaction, only when something changed.
   */
  createThread(thread: StoredThread, first: StoredComment, audit?: NewAuditEntry): Promise<void>;
  /** Appends a comment. StoreError not_found when the thread is not in that document. */
  addComment(comment: StoredComment, audit?: NewAuditEntry): Promise<void>;
  getThread(docId: string, threadId: string): Promise<StoredThread | undefined>;
  getComment(docId: string, commentId: string): Promise<StoredComment | undefined>;
  /** The document's threads, oldest first. */
  listThreads(docId: string): Promise<StoredThread[]>;
  /** The document's comments (of every thread), oldest first. */
  listComments(docId: string): Promise<StoredComment[]>;
  /** The comments of these threads of the document, oldest first (a page of the thread list needs no more). */
  listThreadComments(docId: string, threadIds: readonly string[]): Promise<StoredComment[]>;
  /** How many comments the document holds, deleted ones included. */
  countComments(docId: string): Promise<number>;
  /** Ids of the document's threads in which the user wrote a comment. */
  threadIdsCommentedBy(docId: string, userId: string): Promise<Set<string>>;
  /** Replaces the text and sets editedAt; undefined when there is no such (undeleted) comment. */
  editComment(docId: string, commentId: string, text: string, at: string, audit?: NewAuditEntry): Promise<StoredComment | undefined>;
  /** Clears the text and sets deletedAt; undefined when there is no such (undeleted) comment. */
  deleteComment(docId: string, commentId: string, at: string, audit?: NewAuditEntry): Promise<StoredComment | undefined>;
  /** Resolves (by, at) or reopens (by = null) a thread; undefined when there is no such thread. */
  setThreadStatus(
    docId: string,
    threadId: string,
    status: StoredThread['status'],
    by: string | null,
    at: string | null,
    audit?: NewAuditEntry,
  ): Promise<StoredThread | undefined>;
}

export interface StoredNotification {
  id: string;
  /** The recipient. */
  userId: string;
  docId: string;
  kind: NotificationKind;
  blockId: string | null;
  threadId: string | null;
  actorId: string | null;
  /** Short plain-text summary. */
  text: string;
  createdAt: string;
  readAt: string | null;
  /** At most one notification per (userId, dedupeKey); null never collides. */
  dedupeKey: string | null;
}

export interface NotificationStore {
  /**
   * Stores notifications, skipping any whose (userId, dedupeKey) is already stored; returns those
   * stored. StoreError not_found (and nothing stored) when a user or document is unknown.
   */
  add(notifications: StoredNotification[]): Promise<StoredNotification[]>;
  /**
   * A user's notifications, newest first, only of the given documents when `docIds` is set.
   * A notice whose actor is the user (a record of their own edit or deletion) is never listed or counted.
   */
  list(userId: string, options: { unreadOnly?: boolean; limit: number; docIds?: readonly string[] }): Promise<StoredNotification[]>;
  unreadCount(userId: string, options?: { docIds?: readonly string[] }): Promise<number>;
  /** Marks the user's notifications read ('all', or these ids; others' ids are ignored). Returns how many changed. */
  markRead(userId: string, ids: readonly string[] | 'all', at: string): Promise<number>;
  /** The document's notifications of one kind, whoever they are for (oldest first). */
  listOfDoc(docId: string, kind: NotificationKind): Promise<StoredNotification[]>;
  /** Deletes these notifications (by id); returns how many were deleted. */
  remove(ids: readonly string[]): Promise<number>;
}

/** Version history (issue 18; store/version-types.ts). */
export interface VersionStore {
  /**
   * Stores the version with its new wordings — and `audit`, when given — in one
   * transaction: a crash leaves the whole version or none of it. StoreError
   * not_found for an unknown document.
   */
  create(version: NewVersion, audit?: NewAuditEntry): Promise<StoredVersion>;
  /** The document's versions, oldest first (without content). */
  list(docId: string): Promise<StoredVersion[]>;
  get(docId: string, versionId: string): Promise<StoredVersion | undefined>;
  /** The version's skeleton; undefined for an unknown version (or one of another document). */
  skeleton(docId: string, versionId: string): Promise<Uint8Array | undefined>;
  /** hash → block JSON for those of `hashes` stored for the document. */
  wordings(docId: string, hashes: readonly string[]): Promise<Map<string, string>>;
  /** Hashes of every wording stored for the document. */
  wordingHashes(docId: string): Promise<Set<string>>;
  /** Every stored wording of one block, oldest first. */
  blockWordings(docId: string, blockId: string): Promise<StoredWording[]>;
  /**
   * Thinning: deletes these versions (never a named one) and every wording of the
   * document not in `keepHashes`, in one transaction. Returns what was deleted.
   */
  prune(docId: string, versionIds: readonly string[], keepHashes: ReadonlySet<string>): Promise<{ versions: number; wordings: number }>;
}
