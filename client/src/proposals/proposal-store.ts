/**
 * The browser's copy of a document's proposals, kept current by the server's
 * `proposal.changed` events, plus this person's editing mode (Editing /
 * Suggesting), their draft suggestion and the pending "this edit sets N
 * agreements aside" question. One store per open document session.
 */
import { ApiError } from '../api/http';
import { proposalsApi, type ProposalJson } from '../api/proposals';
import { localCache } from '../app/local-cache';
import type { Node as PMNode } from '@tiptap/pm/model';
import { editedBlock } from './draft-node';
import type { DocSession } from '../sync/doc-session';

export type EditMode = 'editing' | 'suggesting';

/** A suggestion being written: plain text against the block's text when it started. */
export interface Draft {
  blockId: string;
  kind: 'paragraph' | 'heading';
  level: number | null;
  base: string;
  baseText: string;
  text: string;
  /** Where the caret should be in the draft box when it opens. */
  caret: number;
  /** The block as it was when the draft started: its formatting is kept in the proposal. */
  baseNode?: PMNode;
  error: string | null;
  busy: boolean;
}

/** Asked before the first keystroke lands in an agreed block (C31). */
export interface EditWarning {
  blockId: string;
  agreements: number;
  /** Re-applies the keystroke that was held back. */
  proceed: () => void;
  /** The same keystroke, as a suggestion instead. */
  suggest: () => void;
}

export interface ProposalSnapshot {
  proposals: readonly ProposalJson[];
  mode: EditMode;
  draft: Draft | null;
  warning: EditWarning | null;
  notice: string | null;
}

export class ProposalStore {
  private byId = new Map<string, ProposalJson>();
  private snapshot: ProposalSnapshot = { proposals: [], mode: 'editing', draft: null, warning: null, notice: null };
  private readonly listeners = new Set<() => void>();
  /** Blocks (by id and fingerprint) whose agreement this person already chose to set aside. */
  private readonly confirmed = new Set<string>();
  readonly me: string | null = localCache.me()?.id ?? null;

  constructor(readonly docId: string) {}

  connect(session: DocSession): void {
    session.onEvent((event) => {
      if (event.type !== 'proposal.changed') return;
      const proposal = (event as { proposal?: ProposalJson }).proposal;
      if (proposal && typeof proposal.id === 'string') this.put(proposal);
    });
    void this.reload();
  }

  async reload(): Promise<void> {
    try {
      const list = await proposalsApi.list(this.docId);
      this.byId = new Map(list.map((p) => [p.id, p]));
      this.publish({});
    } catch {
      // Offline or no access: proposals stay as they were; the editor works without them.
    }
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): ProposalSnapshot => this.snapshot;

  openFor(blockId: string): ProposalJson[] {
    return this.snapshot.proposals.filter((p) => p.blockId === blockId && p.status === 'open');
  }

  setMode(mode: EditMode): void {
    this.publish({ mode, warning: null });
  }

  startDraft(draft: Omit<Draft, 'error' | 'busy'>): void {
    const current = this.snapshot.draft;
    // Typing on in the same block keeps the draft; another block starts a new one.
    if (current && current.blockId === draft.blockId) return;
    this.publish({ draft: { ...draft, error: null, busy: false }, warning: null });
  }

  editDraft(text: string): void {
    if (this.snapshot.draft) this.publish({ draft: { ...this.snapshot.draft, text } });
  }

  discardDraft(): void {
    this.publish({ draft: null });
  }

  async submitDraft(rationale: string): Promise<void> {
    const draft = this.snapshot.draft;
    if (!draft || draft.busy) return;
    this.publish({ draft: { ...draft, busy: true, error: null } });
    try {
      const proposal = await proposalsApi.create(this.docId, draft.blockId, {
        content: draftContent(draft),
        base: draft.base,
        ...(rationale.trim() ? { rationale: rationale.trim() } : {}),
      });
      this.put(proposal);
      this.publish({ draft: null, notice: 'Suggestion sent: the commission can now support it.' });
    } catch (err) {
      this.publish({ draft: { ...draft, busy: false, error: err instanceof Error ? err.message : String(err) } });
    }
  }

  warn(warning: EditWarning): void {
    this.publish({ warning });
  }

  answerWarning(choice: 'edit' | 'suggest' | 'cancel', fingerprint: string): void {
    const warning = this.snapshot.warning;
    if (!warning) return;
    this.publish({ warning: null });
    if (choice === 'edit') {
      this.confirmed.add(`${warning.blockId}:${fingerprint}`);
      warning.proceed();
    } else if (choice === 'suggest') {
      this.publish({ mode: 'suggesting' });
      warning.suggest();
    }
  }

  isConfirmed(blockId: string, fingerprint: string): boolean {
    return this.confirmed.has(`${blockId}:${fingerprint}`);
  }

  /** Runs an action on a proposal; the answer (and the event that follows) updates the card. */
  async act(run: () => Promise<ProposalJson>): Promise<string | null> {
    try {
      this.put(await run());
      return null;
    } catch (err) {
      if (err instanceof ApiError && err.status === 409) void this.reload();
      return err instanceof Error ? err.message : String(err);
    }
  }

  private put(proposal: ProposalJson): void {
    this.byId.set(proposal.id, proposal);
    this.publish({});
  }

  private publish(change: Partial<ProposalSnapshot>): void {
    this.snapshot = { ...this.snapshot, ...change, proposals: [...this.byId.values()] };
    for (const listener of this.listeners) listener();
  }
}

/**
 * The draft as one block of ProseMirror JSON. With the block it rewords, that
 * block with only the changed words replaced (its formatting kept, see
 * draft-node.ts); else, or when the change reaches into a footnote, plain text
 * whose lines become hard breaks.
 */
export function draftContent(draft: Pick<Draft, 'kind' | 'level' | 'text' | 'baseNode'>): Record<string, unknown> {
  const edited = draft.baseNode ? editedBlock(draft.baseNode, draft.text) : null;
  const head = { type: draft.kind, ...(draft.kind === 'heading' ? { attrs: { level: draft.level ?? 1 } } : {}) };
  if (edited) return { ...head, ...(edited.content.size ? { content: edited.content.toJSON() as unknown } : {}) };
  const content: Record<string, unknown>[] = [];
  draft.text.split('\n').forEach((line, i) => {
    if (i > 0) content.push({ type: 'hardBreak' });
    if (line) content.push({ type: 'text', text: line });
  });
  return { ...head, ...(content.length ? { content } : {}) };
}

const stores = new WeakMap<DocSession, ProposalStore>();

export function proposalStoreFor(session: DocSession): ProposalStore {
  let store = stores.get(session);
  if (!store) {
    store = new ProposalStore(session.docId);
    store.connect(session);
    stores.set(session, store);
  }
  return store;
}
