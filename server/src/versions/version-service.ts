/**
 * Version history (issue 18): the only caller of the version store.
 *
 * - Checkpoints: the first edit by a person after a version opens a window; the
 *   checkpoint is taken when it has lasted `checkpointIntervalMs`, so there is at
 *   most one per interval of editing. `checkpoint()` is also called before a
 *   change that replaces text (a proposal's adoption, a restore) and after an import.
 * - Named versions: an author's "Draft sent to the commission, 12 March".
 * - Reading: a version's blocks with the statuses they had then (votes replayed
 *   from the audit log up to the version's position), comparisons, one block's history.
 * - Restore: a new edit on top (restore-content.ts), with a checkpoint before it
 *   and a version for the restore itself.
 *
 * Every version write for one document runs through one queue (DocLock), so a
 * checkpoint, a thinning pass and a restore never interleave.
 */
import { randomUUID } from 'node:crypto';
import * as Y from 'yjs';
import {
  computeConsensus,
  DEFAULT_CONSENSUS_RULE,
  diffBlocks,
  extractBlocks,
  parseConsensusRule,
  votesAt,
  type BlockHistoryJson,
  type BlockWordingJson,
  type CompareJson,
  type ConsensusRule,
  type ConsensusView,
  type DiffBlock,
  type RecordedVote,
  type RestoreJson,
  type VersionBlockJson,
  type VersionDetailJson,
  type VersionJson,
  type VersionReason,
} from '@concord/shared';
import { createHash } from 'node:crypto';
import type { AuditEntry, NewAuditEntry, Stores } from '../store/types.js';
import type { StoredVersion, VersionSummary, VersionWording } from '../store/version-types.js';
import type { RoomManager } from '../sync/room-manager.js';
import type { Room } from '../sync/room.js';
import type { ConsensusService } from '../consensus/consensus-service.js';
import { votesByBlock } from '../consensus/consensus-service.js';
import type { EventBus } from '../events/event-bus.js';
import type { Logger } from '../logger.js';
import { DomainError, notFound } from '../domain/domain-error.js';
import { DocLock } from '../proposals/doc-lock.js';
import { runExclusive } from '../store/exclusive-job.js';
import { peopleById } from '../auth/people.js';
import { compressSkeleton, joinContent, readSkeleton, type PMJson } from './version-content.js';
import { CaptureRunner } from './capture-runner.js';
import { statesOf, type CapturedState } from './capture-content.js';
import { restoreBlock, restoreDocument } from './restore-content.js';
import { moveEditors, noEditors, type EditorsSeen } from './editors-seen.js';
import { BLOCK_ID_ATTR } from '@concord/shared';

const nativeSha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

export interface VersionOptions {
  /** Editing window after which a checkpoint is taken (CHECKPOINT_INTERVAL_MS). */
  checkpointIntervalMs: number;
  /** Automatic versions kept per document; beyond it plus THIN_BATCH, the oldest THIN_BATCH go. */
  maxAutoVersions: number;
  /** Checkpoints in a worker thread (default); false keeps them on the event loop (the CLI, which never takes one). */
  captureInWorker?: boolean;
}

/** Named versions one document may have: an author names drafts, not keystrokes. */
const MAX_NAMED_VERSIONS = 1000;
/** Thinning removes this many automatic versions at once, so its cost is paid once per this many checkpoints. */
const THIN_BATCH = 50;
/** Decoded versions kept in memory (they never change), for comparisons in a row. */
const DECODED_CACHE = 8;

interface Actor {
  user: { id: string; name: string };
  role: string;
}

/** A version decoded: its document JSON and the consensus view it had. */
interface Decoded {
  version: StoredVersion;
  doc: PMJson;
  view: ConsensusView;
  votes: RecordedVote[];
  rule: ConsensusRule;
}

/** Edits seen since the document's last version's capture (kept per document, not per room, across reloads). */
interface Pending extends EditorsSeen {
  timer: NodeJS.Timeout | undefined;
  /**
   * A window's checkpoint is being decided or taken. No window opens meanwhile: on a
   * loaded machine a checkpoint can outlast the interval, and a timer armed by an edit
   * during it took a second checkpoint right behind the first (with several processes,
   * it even passed the age check before the first was stored).
   */
  running: boolean;
  /** Edits were committed while `running`: the next window opens when the checkpoint is done. */
  editedWhileRunning: boolean;
}

/** What an export of a version reads: the state as it was. */
interface VersionExportState {
  title: string;
  doc: PMJson;
  votes: RecordedVote[];
  view: ConsensusView;
  rule: ConsensusRule;
  names: ReadonlyMap<string, string>;
  updatedAt: string;
}

export class VersionService {
  private readonly lock = new DocLock();
  private readonly pending = new Map<string, Pending>();
  private readonly decoded = new Map<string, Decoded>();
  private readonly inFlight = new Set<Promise<unknown>>();
  private closed = false;
  /** Where a checkpoint's heavy part runs: a worker thread (capture-runner.ts). */
  readonly captures: CaptureRunner;

  constructor(
    private readonly stores: Stores,
    private readonly rooms: RoomManager,
    private readonly consensus: ConsensusService,
    private readonly bus: EventBus,
    private readonly log: Logger,
    private readonly options: VersionOptions,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.captures = new CaptureRunner(log, options.captureInWorker ?? true);
    rooms.onRoomCreated((room) => this.watch(room));
    bus.subscribe('doc.deleted', (e) => this.forget(e.docId));
  }

  /** Stops scheduling checkpoints and waits for those under way (before the stores close). */
  async close(): Promise<void> {
    this.closed = true;
    for (const p of this.pending.values()) if (p.timer) clearTimeout(p.timer);
    await Promise.allSettled([...this.inFlight]);
    await this.captures.close();
  }

  // --- reading ---------------------------------------------------------------

  async list(docId: string): Promise<VersionJson[]> {
    const versions = await this.stores.versions.list(docId);
    return (await this.render(versions)).reverse();
  }

  /** Whether the document has this version. */
  async has(docId: string, versionId: string): Promise<boolean> {
    return (await this.stores.versions.get(docId, versionId)) !== undefined;
  }

  async get(docId: string, versionId: string): Promise<VersionDetailJson> {
    const d = await this.decode(docId, versionId);
    const [version] = await this.render([d.version]);
    return { version: version!, title: d.version.state.title, doc: d.doc, blocks: blocksJson(d.view) };
  }

  async compare(docId: string, fromId: string, toId: string, onlyAgreementChanged: boolean): Promise<CompareJson> {
    const from = await this.decode(docId, fromId);
    const to = toId === 'current' ? undefined : await this.decode(docId, toId);
    const after = to ? to.view : (await this.consensus.view(docId)).view;
    const diff = diffBlocks(diffBlocksOf(from.view), diffBlocksOf(after), { onlyAgreementChanged });
    const rendered = await this.render(to ? [from.version, to.version] : [from.version]);
    return { from: rendered[0]!, to: rendered[1] ?? null, changes: diff.changes, summary: diff.summary };
  }

  /** Every wording the block has had — from the versions and from the votes cast on it — oldest first. */
  async blockHistory(docId: string, blockId: string): Promise<BlockHistoryJson> {
    const [wordings, audit, versions, now] = await Promise.all([
      this.stores.versions.blockWordings(docId, blockId),
      this.auditOf(docId),
      this.stores.versions.list(docId),
      this.withRoom(docId, async (room) => this.consensus.blockNow(room, blockId)),
    ]);
    const votes = audit.filter((e) => e.blockId === blockId && e.action === 'vote.cast');
    if (!now && wordings.length === 0 && votes.length === 0) throw notFound('no block with that id in this document or its history');
    const versionById = new Map(versions.map((v) => [v.id, v]));
    const byFingerprint = new Map<string, { text: string; firstSeen: string; version: StoredVersion | undefined; editors: Set<string> }>();
    for (const w of wordings) {
      const text = extractText(w.node);
      const seen = byFingerprint.get(w.fingerprint);
      if (seen) for (const e of w.editors) seen.editors.add(e);
      else
        byFingerprint.set(w.fingerprint, {
          text,
          firstSeen: w.firstSeenAt,
          version: versionById.get(w.firstVersionId),
          editors: new Set(w.editors),
        });
    }
    // Latest stance per person per wording: who agreed to / disputed each exact text.
    const stances = new Map<string, Map<string, 'agree' | 'dispute'>>();
    for (const e of votes) {
      const fp = e.details.fingerprint;
      if (typeof fp !== 'string') continue;
      if (!byFingerprint.has(fp))
        byFingerprint.set(fp, {
          text: typeof e.details.text === 'string' ? e.details.text : '',
          firstSeen: e.at,
          version: undefined,
          editors: new Set(),
        });
      const per = stances.get(fp) ?? new Map<string, 'agree' | 'dispute'>();
      per.set(e.actorId, e.details.stance === 'dispute' ? 'dispute' : 'agree');
      stances.set(fp, per);
    }
    if (now && !byFingerprint.has(now.fingerprint))
      byFingerprint.set(now.fingerprint, { text: now.text, firstSeen: this.now().toISOString(), version: undefined, editors: new Set() });
    const people = await peopleById(this.stores.accounts, [
      ...[...byFingerprint.values()].flatMap((w) => [...w.editors]),
      ...[...stances.values()].flatMap((m) => [...m.keys()]),
    ]);
    const result: BlockWordingJson[] = [...byFingerprint].map(([fingerprint, w]) => {
      const per = stances.get(fingerprint) ?? new Map<string, string>();
      return {
        fingerprint,
        text: w.text,
        firstSeen: w.firstSeen,
        version: w.version ? { id: w.version.id, name: w.version.name, createdAt: w.version.createdAt } : null,
        editors: [...w.editors].map(people),
        agreedBy: [...per].filter(([, s]) => s === 'agree').map(([u]) => people(u)),
        disputedBy: [...per].filter(([, s]) => s === 'dispute').map(([u]) => people(u)),
        current: now?.fingerprint === fingerprint,
      };
    });
    result.sort((a, b) => a.firstSeen.localeCompare(b.firstSeen));
    return { blockId, wordings: result };
  }

  /** The state an export of the version reads (publish/export-service.ts). */
  async exportState(docId: string, versionId: string): Promise<VersionExportState> {
    const d = await this.decode(docId, versionId);
    return {
      title: d.version.state.title,
      doc: d.doc,
      votes: d.votes,
      view: d.view,
      rule: d.rule,
      names: new Map(Object.entries(d.version.state.names)),
      updatedAt: d.version.state.updatedAt,
    };
  }

  // --- writing ---------------------------------------------------------------

  /** A named version (an author's act; audited). */
  async name(docId: string, actor: Actor, name: string): Promise<VersionJson> {
    const named = (await this.stores.versions.list(docId)).filter((v) => v.kind === 'named').length;
    if (named >= MAX_NAMED_VERSIONS)
      throw new DomainError('conflict', `this document has ${named} named versions, the most it may have (${MAX_NAMED_VERSIONS})`);
    const version = await this.lock.run(docId, () =>
      this.capture(docId, { kind: 'named', reason: 'named', name, createdBy: actor.user.id }, (v) => ({
        docId,
        at: v.createdAt,
        actorId: actor.user.id,
        action: 'version.named',
        blockId: null,
        details: { versionId: v.id, name },
      })),
    );
    return (await this.render([version]))[0]!;
  }

  /** A checkpoint now (before an adoption, after an import…); nothing is stored if nothing changed since the last version. */
  async checkpoint(docId: string, reason: Exclude<VersionReason, 'named'>, createdBy: string | null): Promise<StoredVersion | undefined> {
    return this.lock.run(docId, () => this.capture(docId, { kind: 'auto', reason, name: null, createdBy }, undefined, true));
  }

  /**
   * Restores a whole version (authors) or one block of it (whoever may edit) as a
   * new change on top: a checkpoint first, so nothing typed since is lost, then the
   * change, then a version of the result.
   */
  async restore(docId: string, actor: Actor, versionId: string, blockId: string | undefined): Promise<RestoreJson> {
    const source = await this.decode(docId, versionId);
    let node: PMJson | undefined;
    let preceding: string[] = [];
    if (blockId !== undefined) {
      const ids = source.view.entries.map((e) => e.block.id);
      const at = ids.indexOf(blockId);
      if (at < 0) throw notFound('that version has no block with this id');
      node = findNode(source.doc, blockId);
      if (!node) throw notFound('that version has no block with this id');
      preceding = ids.slice(0, at).filter((id): id is string => id !== null);
    }
    const label = source.version.name ?? `version of ${source.version.createdAt}`;
    const version = await this.lock.run(docId, async () => {
      await this.capture(docId, { kind: 'auto', reason: 'before_restore', name: null, createdBy: actor.user.id }, undefined, true);
      const restored = await this.withRoom(docId, async (room) => {
        const count = node ? (restoreBlock(room.doc, node, preceding) ? 1 : 0) : restoreDocument(room.doc, source.doc);
        // The restored text is durable before the version saying so is stored.
        await new Promise<void>((resolve) => room.afterCommit(resolve));
        if (room.isClosed) throw new DomainError('conflict', 'the document could not be saved; nothing was restored');
        return count;
      });
      const v = await this.capture(
        docId,
        {
          kind: 'auto',
          reason: 'restore',
          name: blockId ? `Paragraph restored from “${label}”` : `Restored “${label}”`,
          createdBy: actor.user.id,
        },
        (stored) => ({
          docId,
          at: stored.createdAt,
          actorId: actor.user.id,
          action: 'version.restored',
          blockId: blockId ?? null,
          details: { versionId: stored.id, from: versionId, blocks: restored },
        }),
      );
      return { v, restored };
    });
    return { version: (await this.render([version.v]))[0]!, restored: version.restored };
  }

  // --- checkpoints while people type ------------------------------------------

  private watch(room: Room): void {
    room.doc.on('afterTransaction', (tr: Y.Transaction) => {
      const userId = room.editorOf(tr.origin);
      if (userId === undefined || tr.changed.size === 0) return;
      const p = this.pendingOf(room.docId);
      p.editors.add(userId);
      for (const type of tr.changed.keys()) {
        const blockId = enclosingBlockId(type as Y.AbstractType<unknown>);
        if (blockId === null) continue;
        const set = p.blockEditors.get(blockId) ?? new Set<string>();
        set.add(userId);
        p.blockEditors.set(blockId, set);
      }
    });
    room.onCommit(() => {
      const p = this.pending.get(room.docId);
      if (!p || p.editors.size === 0 || this.closed) return;
      if (p.running) p.editedWhileRunning = true;
      else if (!p.timer) this.arm(room.docId, p, this.options.checkpointIntervalMs);
    });
  }

  private arm(docId: string, p: Pending, delayMs: number): void {
    p.timer = setTimeout(() => {
      p.timer = undefined;
      p.running = true;
      p.editedWhileRunning = false;
      const work = this.activityCheckpoint(docId)
        .catch((err: unknown) => {
          if (!(err instanceof DomainError && err.reason === 'not_found')) this.log.error({ err, docId }, 'checkpoint failed');
          return 0;
        })
        .then((laterMs) => {
          p.running = false;
          // Edits made while the checkpoint ran may be in it or not (its capture is one moment): a window opens for them.
          const next = laterMs > 0 && p.editors.size > 0 ? laterMs : p.editedWhileRunning ? this.options.checkpointIntervalMs : 0;
          if (next > 0 && !this.closed && !p.timer && this.pending.get(docId) === p) this.arm(docId, p, next);
        });
      this.inFlight.add(work);
      void work.finally(() => this.inFlight.delete(work));
    }, delayMs);
    p.timer.unref();
  }

  /**
   * The checkpoint at the end of an editing window. With several processes on one
   * database each sees its own editors, so each would take one: one process at a
   * time decides (runExclusive), and a process that finds this window's checkpoint
   * already taken by another waits for the next window, its editors still pending.
   * Resolves with how long to wait before trying again (0: the window is done).
   */
  private async activityCheckpoint(docId: string): Promise<number> {
    const shared = this.stores.exclusive !== undefined;
    let laterMs = 0;
    const ran = await runExclusive(this.stores, `checkpoint:${docId}`, async () => {
      if (shared) {
        const last = (await this.stores.versions.list(docId)).at(-1);
        const age = last ? this.now().getTime() - Date.parse(last.createdAt) : Infinity;
        if (age < this.options.checkpointIntervalMs) {
          // At most one window later, even when another machine's clock runs ahead of ours.
          laterMs = Math.min(this.options.checkpointIntervalMs, this.options.checkpointIntervalMs - age);
          return;
        }
      }
      await this.checkpoint(docId, 'activity', null);
    });
    return ran ? laterMs : this.options.checkpointIntervalMs;
  }

  private pendingOf(docId: string): Pending {
    let p = this.pending.get(docId);
    if (!p) this.pending.set(docId, (p = { ...noEditors(), timer: undefined, running: false, editedWhileRunning: false }));
    return p;
  }

  private forget(docId: string): void {
    const p = this.pending.get(docId);
    if (p?.timer) clearTimeout(p.timer);
    this.pending.delete(docId);
    for (const [key, d] of this.decoded) if (d.version.docId === docId) this.decoded.delete(key);
  }

  /**
   * Takes a version of the document as it is now. Runs inside the document's lock.
   * With `skipIfUnchanged`, nothing is stored when the content and the votes are those of the last version.
   */
  private async capture(
    docId: string,
    what: { kind: StoredVersion['kind']; reason: VersionReason; name: string | null; createdBy: string | null },
    audit?: (v: { id: string; createdAt: string }) => NewAuditEntry,
    skipIfUnchanged = false,
  ): Promise<StoredVersion> {
    const meta = await this.stores.docs.getDoc(docId);
    if (!meta) throw notFound('document not found');
    const auditSeq = await this.stores.consensus.lastAuditSeq();
    const known = await this.stores.versions.wordingHashes(docId);
    // Whose edits this version holds: moved out of the pending set at the moment the capture reads the
    // document (editors-seen.ts); given back if no version is stored. Edits made after it stay pending.
    const mine = noEditors();
    let kept = false;
    try {
      const { captured, stored, commissioners } = await this.withRoom(docId, async (room) => {
        const [stored, rule, commissioners] = await Promise.all([
          this.stores.consensus.listVotes(docId),
          this.consensus.rule(docId),
          this.consensus.commissioners(docId),
        ]);
        // No await between reading the votes and posting the capture: both are of the same moment.
        const captured = await this.captures.capture(
          room,
          { votes: votesByBlock(stored), commissioners, rule },
          known,
          () => this.consensus.docNow(room).toJSON() as PMJson,
          () => moveEditors(this.pendingOf(docId), mine),
        );
        return { captured, stored, commissioners };
      });
      const versions = await this.stores.versions.list(docId);
      const previous = versions[versions.length - 1];
      if (
        skipIfUnchanged &&
        previous &&
        mine.editors.size === 0 &&
        !(await this.auditedSince(docId, previous.auditSeq)) &&
        (await this.sameContent(previous, captured.skeleton))
      ) {
        return previous;
      }
      const fresh = new Map<string, VersionWording>();
      for (const b of captured.blocks) {
        if (known.has(b.hash) || fresh.has(b.hash)) continue;
        if (b.json === undefined || b.fingerprint === undefined) throw new Error(`checkpoint is missing wording ${b.hash}`);
        fresh.set(b.hash, {
          hash: b.hash,
          blockId: b.blockId,
          fingerprint: b.fingerprint,
          node: b.json,
          editors: b.blockId ? [...(mine.blockEditors.get(b.blockId) ?? [])] : [],
        });
      }
      const states = stateMap(captured.states);
      const names = await peopleById(
        this.stores.accounts,
        stored.map((v) => v.userId),
      );
      const summary = await this.summarize(docId, previous, states, captured.blockCount, [...mine.editors]);
      const createdAt = this.now().toISOString();
      const id = randomUUID();
      const version = await this.stores.versions.create(
        {
          id,
          docId,
          ...what,
          createdAt,
          auditSeq,
          state: {
            title: meta.title,
            rule: (await this.stores.consensus.getRule(docId)) ?? null,
            commissioners,
            names: Object.fromEntries(stored.map((v) => [v.userId, names(v.userId).name])),
            updatedAt: meta.updatedAt,
          },
          summary,
          skeleton: await compressSkeleton(captured.skeleton),
          wordings: [...fresh.values()],
        },
        audit?.({ id, createdAt }),
      );
      kept = true;
      this.lastViews.set(docId, { versionId: version.id, blocks: states });
      await this.thin(docId, versions.length + 1);
      await this.bus.publish({ type: 'version.created', docId, version: (await this.render([version]))[0]! });
      return version;
    } finally {
      // No version holds the edits read: they wait for the next one (unless the document is gone: forget()).
      const p = this.pending.get(docId);
      if (!kept && p) moveEditors(mine, p);
    }
  }

  /** Per document: the block states of its last version, for the next version's summary. */
  private readonly lastViews = new Map<string, { versionId: string; blocks: Map<string, BlockState> }>();

  private async summarize(
    docId: string,
    previous: StoredVersion | undefined,
    now: Map<string, BlockState>,
    blocks: number,
    editors: string[],
  ): Promise<VersionSummary> {
    let before = this.lastViews.get(docId);
    if (previous && before?.versionId !== previous.id)
      before = { versionId: previous.id, blocks: stateMap(statesOf((await this.decode(docId, previous.id)).view)) };
    const then = before?.blocks ?? new Map<string, BlockState>();
    let changed = 0;
    let agreed = 0;
    let stale = 0;
    for (const [id, s] of now) {
      const b = then.get(id);
      if (!b || b.fingerprint !== s.fingerprint) changed++;
      if (s.status === 'agreed' && b?.status !== 'agreed') agreed++;
      if (s.stale && !b?.stale) stale++;
    }
    for (const id of then.keys()) if (!now.has(id)) changed++;
    return { editors, blocks, changed, agreed, stale };
  }

  private async sameContent(previous: StoredVersion, skeletonNow: string): Promise<boolean> {
    const bytes = await this.stores.versions.skeleton(previous.docId, previous.id);
    if (!bytes) return false;
    const { skeleton } = await readSkeleton(bytes);
    return JSON.stringify(skeleton) === skeletonNow;
  }

  /**
   * Thinning (docs/RELIABILITY.md): once a document holds maxAutoVersions + THIN_BATCH automatic
   * versions, the THIN_BATCH oldest go, with every wording no remaining version names. Named versions stay.
   */
  private async thin(docId: string, total: number): Promise<void> {
    if (total <= this.options.maxAutoVersions + THIN_BATCH) return;
    const versions = await this.stores.versions.list(docId);
    const autos = versions.filter((v) => v.kind === 'auto');
    if (autos.length <= this.options.maxAutoVersions + THIN_BATCH - 1) return;
    const doomed = autos.slice(0, autos.length - this.options.maxAutoVersions).map((v) => v.id);
    const doomedSet = new Set(doomed);
    const keep = new Set<string>();
    for (const v of versions) {
      if (doomedSet.has(v.id)) continue;
      const bytes = await this.stores.versions.skeleton(docId, v.id);
      if (bytes) for (const h of (await readSkeleton(bytes)).hashes) keep.add(h);
    }
    const result = await this.stores.versions.prune(docId, doomed, keep);
    for (const id of doomed) this.decoded.delete(id);
    this.log.info({ docId, ...result }, 'version history thinned');
  }

  // --- helpers -----------------------------------------------------------------

  /** A version's content and the consensus it had (cached: versions never change). */
  private async decode(docId: string, versionId: string): Promise<Decoded> {
    const cached = this.decoded.get(versionId);
    if (cached && cached.version.docId === docId) return cached;
    const [version, bytes] = await Promise.all([
      this.stores.versions.get(docId, versionId),
      this.stores.versions.skeleton(docId, versionId),
    ]);
    if (!version || !bytes) throw notFound('no such version of this document');
    const { skeleton, hashes } = await readSkeleton(bytes);
    const doc = joinContent(skeleton, await this.stores.versions.wordings(docId, hashes));
    const votes = votesAt(await this.auditOf(docId, version.auditSeq), version.auditSeq);
    const rule = ruleOf(version.state.rule);
    const view = computeConsensus(doc, votesByBlock(votes.map((v) => ({ ...v, docId }))), version.state.commissioners, rule, {
      sha256: nativeSha256,
    });
    const d: Decoded = { version, doc, view, votes, rule };
    this.decoded.set(versionId, d);
    while (this.decoded.size > DECODED_CACHE) this.decoded.delete(this.decoded.keys().next().value!);
    return d;
  }

  /**
   * Whether anything a version records (votes, rule, members, title) changed in this document
   * since `afterSeq`. The audit position is global, versions write their own
   * entries (named, restored), and a member's email preference is no part of a
   * version: none of these alone is a change worth a new checkpoint.
   */
  private async auditedSince(docId: string, afterSeq: number): Promise<boolean> {
    const limit = 1_000;
    const page = await this.stores.consensus.listAudit(docId, { afterSeq, limit });
    return page.length === limit || page.some((e) => !e.action.startsWith('version.') && e.action !== 'email.changed');
  }

  /** The document's audit log, oldest first, up to `uptoSeq` (paged: the store returns at most 10,000 at a time). */
  private async auditOf(docId: string, uptoSeq = Number.POSITIVE_INFINITY): Promise<AuditEntry[]> {
    const all: AuditEntry[] = [];
    let after = 0;
    for (;;) {
      const page = await this.stores.consensus.listAudit(docId, { afterSeq: after, limit: 10_000 });
      for (const e of page) if (e.seq <= uptoSeq) all.push(e);
      if (page.length < 10_000 || page[page.length - 1]!.seq >= uptoSeq) return all;
      after = page[page.length - 1]!.seq;
    }
  }

  private async render(versions: readonly StoredVersion[]): Promise<VersionJson[]> {
    const people = await peopleById(
      this.stores.accounts,
      versions.flatMap((v) => [...v.summary.editors, ...(v.createdBy ? [v.createdBy] : [])]),
    );
    return versions.map((v) => ({
      id: v.id,
      kind: v.kind,
      reason: v.reason,
      name: v.name,
      createdAt: v.createdAt,
      createdBy: v.createdBy ? people(v.createdBy) : null,
      editors: v.summary.editors.map(people),
      blocks: v.summary.blocks,
      changed: v.summary.changed,
      agreed: v.summary.agreed,
      stale: v.summary.stale,
    }));
  }

  private async withRoom<T>(docId: string, fn: (room: Room) => Promise<T>): Promise<T> {
    let room: Room;
    try {
      room = await this.rooms.acquire(docId);
    } catch (err) {
      if ((err as Error).name === 'DocumentNotFoundError') throw notFound('document not found');
      throw err;
    }
    try {
      return await fn(room);
    } finally {
      this.rooms.release(room);
    }
  }
}

interface BlockState {
  fingerprint: string;
  status: string;
  stale: boolean;
}

function stateMap(states: readonly CapturedState[]): Map<string, BlockState> {
  return new Map(states.map(([id, fingerprint, status, stale]) => [id, { fingerprint, status, stale }]));
}

function ruleOf(stored: unknown): ConsensusRule {
  if (stored === null || stored === undefined) return DEFAULT_CONSENSUS_RULE;
  const parsed = parseConsensusRule(stored);
  return parsed.ok ? parsed.rule : DEFAULT_CONSENSUS_RULE;
}

function diffBlocksOf(view: ConsensusView): DiffBlock[] {
  return view.entries.map(({ block, consensus }) => ({
    id: block.id,
    kind: block.kind,
    level: block.level ?? null,
    text: block.text,
    fingerprint: block.fingerprint,
    status: consensus.status,
    stale: consensus.stale,
  }));
}

function blocksJson(view: ConsensusView): VersionBlockJson[] {
  return view.entries.map(({ block, consensus }) => ({
    id: block.id,
    kind: block.kind,
    level: block.level ?? null,
    text: block.text,
    fingerprint: block.fingerprint,
    status: consensus.status,
    stale: consensus.stale,
    agree: consensus.agree,
    dispute: consensus.dispute,
  }));
}

function findNode(doc: PMJson, blockId: string): PMJson | undefined {
  for (const child of doc.content ?? []) {
    if (child.attrs?.[BLOCK_ID_ATTR] === blockId) return child;
    const inner = findNode(child, blockId);
    if (inner) return inner;
  }
  return undefined;
}

/** A wording's plain text, read as everywhere else (tables, footnotes, breaks). */
function extractText(json: string): string {
  return extractBlocks({ type: 'doc', content: [JSON.parse(json) as PMJson] }, { sha256: nativeSha256 })[0]?.text ?? '';
}

/** The id of the block a changed Yjs type belongs to, if any. */
function enclosingBlockId(type: Y.AbstractType<unknown>): string | null {
  for (let t: Y.AbstractType<unknown> | null = type; t; t = t.parent as Y.AbstractType<unknown> | null) {
    if (t instanceof Y.XmlElement && t.getAttribute(BLOCK_ID_ATTR) !== undefined) {
      const id: unknown = t.getAttribute(BLOCK_ID_ATTR);
      return typeof id === 'string' && id !== '' ? id : null;
    }
  }
  return null;
}
