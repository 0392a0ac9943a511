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
 * While only the document changes (the commission typing), a rebuild patches the
 * previous view where the document changed (`ConsensusIndex`, given
 * `onlyDocChanged`), and the panel's counts follow from the changed entries: the
 * cost is the edit's, not the report's.
 *
 * Two kinds of listener: the gutter is told at once (`onModelChange`), React is
 * told at most every PUBLISH_MS (`subscribe`), never per keystroke; an outline
 * row listens to its own section (`subscribeSection`) and is told only when that
 * section's counts change. The panel
 * reads `getPanelSnapshot`, which changes only when something it shows does: a
 * rebuilt view that moves no count, no status of the open block, is not drawn
 * again (a React commit while the editor has focus walks the editor's DOM).
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
  type SectionRollup,
  type Stance,
  type UpdateStats,
  type Vote,
} from '@concord/shared';
import type { Node as PMNode } from '@tiptap/pm/model';
import { consensusApi, SignOffConflict, VoteConflict, type ConsensusSummaryJson, type VoteJson } from '../api/consensus';
import type { DocEvent } from '../sync/concord-messages';
import { agreementsNeeded, type ConsensusFilter } from './review';
import { recordFromJson, recordFromSummary, VoteBook, type VoteRecord } from './vote-book';
import { LiveStatuses } from './live-statuses';
import { EMPTY_TALLY, patchTally, tallyOf, type FilterTally } from './filter-tally';
import { isVoteJson, messageOf } from './store-helpers';
import { SectionSubscriptions } from './section-subscriptions';
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
  /** Cancels the scheduled computation of `pendingDoc`'s view (its timer, then its idle callback). */
  private cancelScheduledView: (() => void) | undefined;
  private load: ConsensusSnapshot['load'] = 'loading';
  private error: string | null = null;
  /** Bumped whenever votes, commissioners or the rule change. */
  private modelVersion = 0;
  private view: ConsensusView | null = null;
  /** The panel's counts for `view`. */
  private tally: FilterTally = EMPTY_TALLY;
  private viewDoc: PMNode | null = null;
  private viewVersion = -1;
  private filter: ConsensusFilter = 'all';
  private open: OpenBlock | null = null;
  private readonly drafts = new Map<string, string>();
  private notice: Notice | null = null;
  private snapshot: ConsensusSnapshot;
  private panelSnapshot: ConsensusSnapshot;
  /** Whether all that waits to be published is a rebuilt view (no vote, rule, load, filter, notice…). */
  private onlyViewPending = true;
  private readonly modelListeners = new Set<() => void>();
  private readonly listeners = new Set<() => void>();
  /** The outline rows' listeners, each told only when its own section's counts change. */
  private readonly sections = new SectionSubscriptions();
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
    this.panelSnapshot = this.snapshot;
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

  /** What the last view rebuild had to work out (tests count it). */
  get viewStats(): Readonly<UpdateStats> {
    return this.index.lastStats;
  }

  /** The view of `doc`, now; recomputed only when the doc or the votes changed, and then only what changed. */
  computeView(doc: PMNode): ConsensusView {
    if (doc === this.pendingDoc) {
      // Done now: the scheduled computation would find nothing to do, so it does not wait for a later task.
      this.pendingDoc = null;
      this.cancelScheduledView?.();
      this.cancelScheduledView = undefined;
    }
    if (!this.view || doc !== this.viewDoc || this.viewVersion !== this.modelVersion) {
      const onlyDocChanged = this.view !== null && this.viewVersion === this.modelVersion;
      const view = this.index.update(doc, this.book.votesByBlock, this.commissionerIds, this.rule, { onlyDocChanged });
      const changes = this.index.lastChanges;
      this.viewDoc = doc;
      this.viewVersion = this.modelVersion;
      if (changes === null) {
        // Assembled whole: every block's fingerprint is known by node now, and every count is redone.
        this.live.learn(doc, view);
        this.tally = tallyOf(view.entries, this);
      } else {
        this.tally = patchTally(this.tally, changes, this);
      }
      if (view !== this.view) {
        this.view = view;
        this.schedulePublish(onlyDocChanged);
      }
    }
    return this.view;
  }

  /** The view of `doc` soon: in idle time, at most every VIEW_MS (the first one at once). */
  scheduleView(doc: PMNode): void {
    if (!this.view) return void this.computeView(doc);
    if (doc === this.viewDoc && this.viewVersion === this.modelVersion) return;
    this.pendingDoc = doc;
    if (this.cancelScheduledView) return;
    const timer = setTimeout(() => {
      this.cancelScheduledView = whenIdle(() => {
        this.cancelScheduledView = undefined;
        if (this.pendingDoc) this.computeView(this.pendingDoc);
      }, 200);
    }, VIEW_MS);
    this.cancelScheduledView = () => clearTimeout(timer);
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

  /** Listens to one section's counts (an outline row): called only when they change. */
  subscribeSection(headingId: string, listener: () => void): () => void {
    return this.sections.subscribe(headingId, listener);
  }

  /** The section's counts as last published (the same object until they change), or null. */
  sectionRollup(headingId: string): SectionRollup | null {
    return this.sections.get(headingId);
  }

  /** How many times section listeners were called (tests count them). */
  get sectionNotifications(): number {
    return this.sections.notified;
  }

  /**
   * The snapshot as of the last change the consensus panel shows (counts, totals, the open block's
   * entry, load, rule, filter, notice…): a view rebuilt while people type that moves none of these
   * leaves it as it was. Its `view` may then trail `getSnapshot`'s, never for the open block.
   */
  getPanelSnapshot = (): ConsensusSnapshot => this.panelSnapshot;

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
    this.publishNow();
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
      this.publishNow();
    }, NOTICE_MS);
    this.publishNow();
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
        this.publishNow();
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
    this.publishNow();
  }

  /** `onlyView`: a rebuilt view is all there is to publish (the panel may not need drawing). */
  private schedulePublish(onlyView = false): void {
    if (!onlyView) this.onlyViewPending = false;
    if (this.publishTimer) return;
    const wait = Math.max(0, this.lastPublish + PUBLISH_MS - Date.now());
    this.publishTimer = setTimeout(() => this.publish(), wait);
  }

  private publishNow(): void {
    this.onlyViewPending = false;
    this.publish();
  }

  private publish(): void {
    clearTimeout(this.publishTimer);
    this.publishTimer = undefined;
    this.lastPublish = Date.now();
    this.snapshot = this.buildSnapshot();
    if (!this.onlyViewPending || !showsTheSame(this.panelSnapshot, this.snapshot)) this.panelSnapshot = this.snapshot;
    this.onlyViewPending = true;
    this.sections.publish(this.snapshot.view?.rollup.sections);
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
      tally: this.tally,
      filter: this.filter,
      open: this.open,
      notice: this.notice,
    };
  }
}

/** Whether the consensus panel would draw the same from both: only the view differs, and not where the panel reads it. */
function showsTheSame(a: ConsensusSnapshot, b: ConsensusSnapshot): boolean {
  const openEntry = (s: ConsensusSnapshot) => (s.open ? s.view?.byId.get(s.open.blockId) : undefined);
  const at = a.view?.rollup.totals;
  const bt = b.view?.rollup.totals;
  return (
    a.load === b.load &&
    a.error === b.error &&
    a.isCommissioner === b.isCommissioner &&
    a.rule === b.rule &&
    a.ruleText === b.ruleText &&
    a.commissioners === b.commissioners &&
    a.needed === b.needed &&
    a.filter === b.filter &&
    a.open === b.open &&
    a.notice === b.notice &&
    a.tally === b.tally &&
    openEntry(a) === openEntry(b) &&
    (at === bt || (at !== undefined && bt !== undefined && STATUS_KEYS.every((k) => at[k] === bt[k])))
  );
}

const STATUS_KEYS = ['total', 'agreed', 'in_review', 'disputed', 'unreviewed', 'stale', 'shareAgreed'] as const;

/** One block's votes from the compact form: voters by position, grouped by wording and stance. */
function* summaryRecords(voters: readonly Person[], groups: ConsensusSummaryJson['blocks'][number]['votes']): Generator<VoteRecord> {
  for (const { fingerprint, agree, dispute } of groups) {
    for (const i of agree) yield recordFromSummary(voters[i]!.userId, voters[i]!.name, 'agree', fingerprint);
    for (const i of dispute) yield recordFromSummary(voters[i]!.userId, voters[i]!.name, 'dispute', fingerprint);
  }
}
