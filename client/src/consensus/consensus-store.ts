/**
 * The consensus state of one open document in this browser. Votes, the
 * commissioners and the rule are loaded once (and again after each reconnect,
 * to catch what was missed) and then kept current by the server's live events —
 * no polling. Statuses are never taken from the server: they are recomputed
 * here, incrementally, from whatever document the caller holds (the editor's
 * live doc on each transaction), so an edit shows as stale before any round trip.
 *
 * The whole-document view (`ConsensusIndex`: statuses, roll-ups, coverage) is
 * rebuilt at most every VIEW_MS while someone types; in between, the gutter asks
 * for the status of the blocks it shows (`blockConsensus`), computed by the same
 * rules for just those blocks, so a keystroke costs one block, not the document.
 *
 * Two kinds of listener: the gutter is told at once (`onModelChange`), React is
 * told at most every PUBLISH_MS (`subscribe`), never per keystroke.
 */
import {
  ConsensusIndex,
  DEFAULT_CONSENSUS_RULE,
  describeConsensusRule,
  indexCommissioners,
  parseConsensusRule,
  type BlockConsensus,
  type ConsensusRule,
  type ConsensusView,
  type Stance,
  type Vote,
} from '@concord/shared';
import type { Node as PMNode } from '@tiptap/pm/model';
import { consensusApi, SignOffConflict, VoteConflict, type ConsensusSummaryJson, type VoteJson } from '../api/consensus';
import type { DocEvent } from '../sync/concord-messages';
import { agreementsNeeded, type ConsensusFilter } from './review';
import { recordFromJson, recordFromSummary, VoteBook, type VoteRecord } from './vote-book';
import { LiveStatuses } from './live-statuses';
import { isVoteJson, messageOf } from './store-helpers';
import { whenIdle } from '../app/idle';
import type {
  ConsensusSnapshot,
  EventSource,
  Notice,
  OpenBlock,
  PendingConflict,
  Person,
  SignOffOutcome,
  VoteOutcome,
} from './store-types';

const PUBLISH_MS = 150;
/**
 * While the document changes, the full view is rebuilt at most this often, in
 * idle time. Each rebuild is published to React, and a React commit while the
 * editor has focus walks the editor's whole DOM: with the commission typing,
 * every rebuild is a long task on a 150-page report. The gutter does not wait
 * for it (statuses of the blocks it shows are computed per block at once).
 */
const VIEW_MS = 1500;
const NO_VOTES: readonly Vote[] = Object.freeze([]);
const NOTICE_MS = 5000;

export type {
  ConsensusSnapshot,
  EventSource,
  Notice,
  OpenBlock,
  PendingConflict,
  Person,
  SignOffOutcome,
  VoteOutcome,
} from './store-types';

/** How long the first load waits for the socket before loading without it. */
const FIRST_LOAD_WAIT_MS = 2_000;

export class ConsensusStore {
  readonly book = new VoteBook();
  private readonly index = new ConsensusIndex();
  private rule: ConsensusRule = DEFAULT_CONSENSUS_RULE;
  private commissioners: Person[] = [];
  private commissionerIds: string[] = [];
  private members = indexCommissioners([]);
  private readonly live = new LiveStatuses();
  /** The latest document, waiting for its full view. */
  private pendingDoc: PMNode | null = null;
  private viewTimer: ReturnType<typeof setTimeout> | undefined;
  private load: ConsensusSnapshot['load'] = 'loading';
  private error: string | null = null;
  /** Bumped whenever votes, commissioners or the rule change. */
  private modelVersion = 0;
  private view: ConsensusView | null = null;
  private viewDoc: PMNode | null = null;
  private viewVersion = -1;
  private filter: ConsensusFilter = 'all';
  private open: OpenBlock | null = null;
  private readonly drafts = new Map<string, string>();
  private notice: Notice | null = null;
  private snapshot: ConsensusSnapshot;
  private readonly modelListeners = new Set<() => void>();
  private readonly listeners = new Set<() => void>();
  private publishTimer: ReturnType<typeof setTimeout> | undefined;
  private noticeTimer: ReturnType<typeof setTimeout> | undefined;
  private lastPublish = 0;
  private loadSeq = 0;
  /** Events that arrived while a load was in flight, replayed over its answer. */
  private replay: DocEvent[] | null = null;
  /** Blocks whose full votes are being fetched, or could not be (their popover says so). */
  private readonly detailLoads = new Map<string, 'loading' | 'failed'>();

  constructor(
    readonly docId: string,
    readonly me: string | null,
  ) {
    this.snapshot = this.buildSnapshot();
  }

  /**
   * Listens to the session: events always, and a fresh load on every (re)connection — the
   * first one included, so the first load waits for the socket instead of racing it: loading
   * before it too meant every open fetched the whole consensus twice (15 MB each on the reviewed
   * 150-page report, most of its opening time, issue 11). A socket that is not up after
   * FIRST_LOAD_WAIT_MS (offline, a proxy without WebSockets) does not hold the page back.
   */
  connect(source: EventSource): () => void {
    const offEvents = source.onEvent((event) => this.handleEvent(event));
    let phase = source.getSnapshot().phase;
    const offPhase = source.subscribe(() => {
      const next = source.getSnapshot().phase;
      if (next === 'connected' && phase !== 'connected') {
        clearTimeout(fallback);
        void this.reload();
      }
      phase = next;
    });
    const fallback =
      phase === 'connected' ? undefined : setTimeout(() => (this.loadSeq === 0 ? void this.reload() : undefined), FIRST_LOAD_WAIT_MS);
    if (phase === 'connected') void this.reload();
    return () => (clearTimeout(fallback), offEvents(), offPhase());
  }

  // --- reading ----------------------------------------------------------------------

  get isReady(): boolean {
    return this.load === 'ready';
  }

  get isCommissioner(): boolean {
    return this.me !== null && this.commissionerIds.includes(this.me);
  }

  get needed(): number {
    return agreementsNeeded(this.rule, this.commissionerIds.length);
  }

  get currentFilter(): ConsensusFilter {
    return this.filter;
  }

  get openBlock(): OpenBlock | null {
    return this.open;
  }

  /** The view of `doc`, now; recomputed only when the doc or the votes changed, and then only what changed. */
  computeView(doc: PMNode): ConsensusView {
    if (doc === this.pendingDoc) this.pendingDoc = null;
    if (!this.view || doc !== this.viewDoc || this.viewVersion !== this.modelVersion) {
      this.view = this.index.update(doc, this.book.votesByBlock, this.commissionerIds, this.rule);
      this.viewDoc = doc;
      this.viewVersion = this.modelVersion;
      this.live.learn(doc, this.view);
      this.schedulePublish();
    }
    return this.view;
  }

  /** The view of `doc` soon: in idle time, at most every VIEW_MS (the first one at once). */
  scheduleView(doc: PMNode): void {
    if (!this.view) return void this.computeView(doc);
    if (doc === this.viewDoc && this.viewVersion === this.modelVersion) return;
    this.pendingDoc = doc;
    if (this.viewTimer) return;
    this.viewTimer = setTimeout(() => {
      whenIdle(() => {
        this.viewTimer = undefined;
        if (this.pendingDoc) this.computeView(this.pendingDoc);
      }, 200);
    }, VIEW_MS);
  }

  /** The latest view, brought up to date with the latest document first (before voting, say). */
  freshView(): ConsensusView | null {
    if (this.pendingDoc) this.computeView(this.pendingDoc);
    else if (this.viewDoc && this.viewVersion !== this.modelVersion) this.computeView(this.viewDoc);
    return this.view;
  }

  /** One block's status in the live document, without rebuilding the whole view. */
  blockConsensus(node: PMNode, id: string | null): BlockConsensus {
    const fingerprint = this.live.fingerprintOf(node, id);
    const entry = id === null ? undefined : this.view?.byId.get(id);
    if (entry && this.viewVersion === this.modelVersion && entry.block.fingerprint === fingerprint) return entry.consensus;
    const votes = (id === null ? undefined : this.book.votesByBlock.get(id)) ?? NO_VOTES;
    return this.live.statusOf(id, fingerprint, votes, this.members, this.rule, this.modelVersion);
  }

  // --- listening --------------------------------------------------------------------

  /** Votes, rule, commissioners, filter or open block changed: redraw now. */
  onModelChange(listener: () => void): () => void {
    this.modelListeners.add(listener);
    return () => this.modelListeners.delete(listener);
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): ConsensusSnapshot => this.snapshot;

  // --- acting -----------------------------------------------------------------------

  setFilter(filter: ConsensusFilter): void {
    if (filter === this.filter) return;
    this.filter = filter;
    this.uiChanged();
  }

  openDetails(blockId: string, mode: OpenBlock['mode'] = 'view', conflict?: PendingConflict): void {
    this.open = { blockId, mode, ...(conflict ? { conflict } : {}) };
    // The full view trails the document by up to VIEW_MS (it was first built when the document was
    // still empty, right after opening): bring it up to date, or the popover would not find the block.
    this.freshView();
    this.uiChanged();
    void this.loadDetails(blockId);
  }

  /**
   * Whether the reasons, times and voted words of a block's votes are here: the document opens
   * with the votes in compact form, and a popover asks for its block's in full (`loadDetails`).
   */
  detailsOf(blockId: string): 'ready' | 'loading' | 'failed' {
    if (!this.book.lacksDetails(blockId)) return 'ready';
    return this.detailLoads.get(blockId) ?? 'loading';
  }

  /** Fetches a block's votes in full, unless they are here or on their way. */
  async loadDetails(blockId: string): Promise<void> {
    if (this.load !== 'ready' || !this.book.lacksDetails(blockId) || this.detailLoads.get(blockId) === 'loading') return;
    this.detailLoads.set(blockId, 'loading');
    try {
      const votes = await consensusApi.blockVotes(this.docId, blockId);
      this.detailLoads.delete(blockId);
      this.book.fillDetails(blockId, votes);
    } catch {
      this.detailLoads.set(blockId, 'failed');
    }
    // Redraws the popover; the votes the rules read are the same objects, so no status is recomputed.
    this.publish();
  }

  /**
   * What this person has typed as a dispute reason but not yet sent, per block.
   * Kept here rather than in the form, so the draft survives the form being
   * drawn again (votes arriving while it is open, closing and reopening it).
   * Not a change anyone else sees, so nothing redraws.
   */
  disputeDraft(blockId: string): string | undefined {
    return this.drafts.get(blockId);
  }

  saveDisputeDraft(blockId: string, text: string): void {
    if (text) this.drafts.set(blockId, text);
    else this.drafts.delete(blockId);
  }

  closeDetails(): void {
    if (!this.open) return;
    this.open = null;
    this.uiChanged();
  }

  /** Votes on the text as this browser sees it now, or on `fingerprint` (text shown after a 409). */
  async vote(blockId: string, stance: Stance, reason?: string, fingerprint?: string): Promise<VoteOutcome> {
    const block = this.freshView()?.byId.get(blockId)?.block;
    if (!block && !fingerprint) return { ok: false, error: 'This paragraph is no longer in the document.' };
    try {
      const json = await consensusApi.vote(this.docId, blockId, {
        stance,
        fingerprint: fingerprint ?? block!.fingerprint,
        ...(reason ? { reason } : {}),
      });
      this.applyVote(blockId, json.userId, json);
      return { ok: true };
    } catch (err) {
      if (err instanceof VoteConflict) return { ok: false, conflict: err };
      return { ok: false, error: messageOf(err) };
    }
  }

  /**
   * Agrees with several blocks in one request (sign-off by section), each
   * against the fingerprint this browser sees now. All or nothing: on a 409
   * the outcome lists the blocks whose wording differs on the server.
   */
  async agreeMany(blockIds: readonly string[], sectionId: string | null): Promise<SignOffOutcome> {
    const view = this.freshView();
    const votes = blockIds.flatMap((blockId) => {
      const block = view?.byId.get(blockId)?.block;
      return block ? [{ blockId, stance: 'agree' as const, fingerprint: block.fingerprint }] : [];
    });
    if (votes.length === 0) return { ok: false, error: 'Nothing to sign off.' };
    try {
      const recorded = await consensusApi.voteMany(this.docId, votes, sectionId ?? undefined);
      for (const [i, json] of recorded.entries()) this.applyVote(votes[i]!.blockId, json.userId, json);
      return { ok: true, count: recorded.length };
    } catch (err) {
      if (err instanceof SignOffConflict) return { ok: false, changed: err.changed };
      return { ok: false, error: messageOf(err) };
    }
  }

  async withdraw(blockId: string): Promise<VoteOutcome> {
    try {
      await consensusApi.withdraw(this.docId, blockId);
      if (this.me) this.applyVote(blockId, this.me, null);
      return { ok: true };
    } catch (err) {
      return { ok: false, error: messageOf(err) };
    }
  }

  notify(text: string, tone: Notice['tone'] = 'info'): void {
    this.notice = { text, tone, seq: (this.notice?.seq ?? 0) + 1 };
    clearTimeout(this.noticeTimer);
    this.noticeTimer = setTimeout(() => {
      this.notice = null;
      this.publish();
    }, NOTICE_MS);
    this.publish();
  }

  // --- the server -------------------------------------------------------------------

  async reload(): Promise<void> {
    const seq = ++this.loadSeq;
    this.replay = [];
    try {
      const json = await consensusApi.summary(this.docId);
      if (seq !== this.loadSeq) return;
      this.applyLoad(json);
      const replay = this.replay ?? [];
      this.replay = null;
      for (const event of replay) this.handleEvent(event, true);
    } catch (err) {
      if (seq !== this.loadSeq) return;
      this.replay = null;
      // A failed reload keeps what we had; only a first load failing is an error.
      if (this.load !== 'ready') {
        this.load = 'error';
        this.error = messageOf(err);
        this.publish();
      }
    }
  }

  handleEvent(event: DocEvent, replaying = false): void {
    if (!replaying && this.replay && (event.type === 'vote.changed' || event.type === 'rule.changed')) this.replay.push(event);
    if (event.type === 'vote.changed') {
      const { blockId, userId, vote } = event as { blockId?: unknown; userId?: unknown; vote?: unknown };
      if (typeof blockId !== 'string' || typeof userId !== 'string') return;
      this.applyVote(blockId, userId, isVoteJson(vote) ? vote : null);
    } else if (event.type === 'rule.changed') {
      const parsed = parseConsensusRule((event as { rule?: unknown }).rule);
      if (!parsed.ok) return void this.reload();
      this.rule = parsed.rule;
      this.changed();
    } else if (event.type === 'members.changed') {
      void this.reload();
    }
  }

  private applyLoad(json: ConsensusSummaryJson): void {
    const parsed = parseConsensusRule(json.rule);
    this.rule = parsed.ok ? parsed.rule : DEFAULT_CONSENSUS_RULE;
    this.commissioners = json.commissioners.map(({ userId, name }) => ({ userId, name }));
    this.commissionerIds = this.commissioners.map((c) => c.userId);
    this.members = indexCommissioners(this.commissionerIds);
    this.book.reset(json.blocks.map((b) => [b.id, summaryRecords(json.voters, b.votes)]));
    this.detailLoads.clear();
    this.load = 'ready';
    this.error = null;
    this.changed();
    // A popover open across a reload (a reconnection) shows its votes in full again.
    if (this.open) void this.loadDetails(this.open.blockId);
  }

  private applyVote(blockId: string, userId: string, vote: VoteJson | null): void {
    if (this.book.set(blockId, userId, vote ? recordFromJson(vote) : null)) this.changed();
  }

  // --- publishing -------------------------------------------------------------------

  private changed(): void {
    this.modelVersion++;
    for (const listener of this.modelListeners) listener();
    this.schedulePublish();
  }

  /** Filter or open block: the view is unchanged, the gutter and panels redraw at once. */
  private uiChanged(): void {
    for (const listener of this.modelListeners) listener();
    this.publish();
  }

  private schedulePublish(): void {
    if (this.publishTimer) return;
    const wait = Math.max(0, this.lastPublish + PUBLISH_MS - Date.now());
    this.publishTimer = setTimeout(() => this.publish(), wait);
  }

  private publish(): void {
    clearTimeout(this.publishTimer);
    this.publishTimer = undefined;
    this.lastPublish = Date.now();
    this.snapshot = this.buildSnapshot();
    for (const listener of this.listeners) listener();
  }

  private buildSnapshot(): ConsensusSnapshot {
    return {
      load: this.load,
      error: this.error,
      me: this.me,
      isCommissioner: this.isCommissioner,
      rule: this.rule,
      ruleText: describeConsensusRule(this.rule),
      commissioners: this.commissioners,
      needed: this.needed,
      view: this.view,
      filter: this.filter,
      open: this.open,
      notice: this.notice,
    };
  }
}

/** One block's votes from the compact form: voters by position, grouped by wording and stance. */
function* summaryRecords(voters: readonly Person[], groups: ConsensusSummaryJson['blocks'][number]['votes']): Generator<VoteRecord> {
  for (const { fingerprint, agree, dispute } of groups) {
    for (const i of agree) yield recordFromSummary(voters[i]!.userId, voters[i]!.name, 'agree', fingerprint);
    for (const i of dispute) yield recordFromSummary(voters[i]!.userId, voters[i]!.name, 'dispute', fingerprint);
  }
}
