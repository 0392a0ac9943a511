/**
 * The threads of one open document, shared by the side panel and the paragraph
 * markers: loaded once, kept current from `comment.changed` events (refetch that
 * thread, or the list for a thread we do not know yet) and after every
 * (re)connection, since events may have been missed meanwhile. Also carries
 * "which thread or paragraph is being looked at", so a marker click can open a
 * thread in the panel and a thread click can highlight its paragraph.
 */
import { ApiError } from '../api/http';
import { commentsApi, type Thread } from '../api/comments';
import type { DocSession } from '../sync/doc-session';

export interface Focus {
  threadId: string | null;
  blockId: string | null;
  /** Who asked: the panel scrolls the editor, a marker opens the panel's thread. */
  from: 'panel' | 'marker' | 'link';
  /** Changes on every request, so asking twice for the same thread still acts. */
  seq: number;
}

export interface ThreadSnapshot {
  threads: Thread[] | null;
  error: string | null;
  focus: Focus | null;
  /** Open, attached threads per block id: what the paragraph markers show. */
  openByBlock: ReadonlyMap<string, number>;
  /** The quoted words of open, attached threads per block id: highlighted in the text. */
  quotesByBlock: ReadonlyMap<string, readonly ThreadQuote[]>;
}

export interface ThreadQuote {
  threadId: string;
  quote: string;
}

const LIST_DEBOUNCE_MS = 150;

export class ThreadStore {
  private snapshot: ThreadSnapshot = { threads: null, error: null, focus: null, openByBlock: new Map(), quotesByBlock: new Map() };
  private readonly listeners = new Set<() => void>();
  private listTimer: ReturnType<typeof setTimeout> | undefined;
  private seq = 0;
  private loading: Promise<void> | null = null;

  constructor(
    readonly docId: string,
    session: DocSession,
  ) {
    session.onEvent((event) => {
      if (event.type === 'comment.changed' && typeof event.threadId === 'string') void this.refreshThread(event.threadId);
    });
    let wasConnected = session.getSnapshot().phase === 'connected';
    session.subscribe(() => {
      const connected = session.getSnapshot().phase === 'connected';
      if (connected && !wasConnected) this.scheduleList();
      wasConnected = connected;
    });
    void this.load();
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): ThreadSnapshot => this.snapshot;

  thread(threadId: string): Thread | undefined {
    return this.snapshot.threads?.find((t) => t.id === threadId);
  }

  /** Loads the whole list, a page at a time (deduplicated while one load is under way). */
  load(): Promise<void> {
    this.loading ??= this.loadPages()
      .catch((err: unknown) => this.update({ error: describe(err) }))
      .finally(() => (this.loading = null));
    return this.loading;
  }

  /** The first load shows each page as it arrives; a reload keeps the old list until the new one is whole. */
  private async loadPages(): Promise<void> {
    const first = this.snapshot.threads === null;
    let threads: Thread[] = [];
    let cursor: string | null = null;
    do {
      const page = await commentsApi.page(this.docId, cursor);
      threads = [...threads, ...page.threads];
      cursor = page.nextCursor;
      if (first || cursor === null) this.update({ threads, error: null });
    } while (cursor !== null);
  }

  /** A thread changed on the server: refetch it, or the list if it is new to us. */
  async refreshThread(threadId: string): Promise<void> {
    if (!this.thread(threadId)) return this.scheduleList();
    try {
      this.put(await commentsApi.get(this.docId, threadId));
    } catch (err) {
      if (err instanceof ApiError && err.status === 404) this.scheduleList();
    }
  }

  /** A thread as the server just returned it (after my own change). */
  put(thread: Thread): void {
    const threads = this.snapshot.threads ?? [];
    const index = threads.findIndex((t) => t.id === thread.id);
    if (index === -1) {
      this.update({ threads: [...threads, thread] });
      this.scheduleList(); // the server knows where it belongs in document order
    } else this.update({ threads: threads.map((t, i) => (i === index ? thread : t)) });
  }

  focus(target: Omit<Focus, 'seq'>): void {
    this.update({ focus: { ...target, seq: ++this.seq } });
  }

  private scheduleList(): void {
    clearTimeout(this.listTimer);
    this.listTimer = setTimeout(() => void this.load(), LIST_DEBOUNCE_MS);
  }

  private update(patch: Partial<ThreadSnapshot>): void {
    const next = { ...this.snapshot, ...patch };
    if (patch.threads) {
      next.openByBlock = openByBlock(patch.threads);
      next.quotesByBlock = quotesByBlock(patch.threads);
    }
    this.snapshot = next;
    for (const listener of this.listeners) listener();
  }
}

function openByBlock(threads: readonly Thread[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const t of threads) if (t.status === 'open' && !t.detached) counts.set(t.blockId, (counts.get(t.blockId) ?? 0) + 1);
  return counts;
}

function quotesByBlock(threads: readonly Thread[]): Map<string, ThreadQuote[]> {
  const quotes = new Map<string, ThreadQuote[]>();
  for (const t of threads)
    if (t.status === 'open' && !t.detached && t.quote)
      quotes.set(t.blockId, [...(quotes.get(t.blockId) ?? []), { threadId: t.id, quote: t.quote }]);
  return quotes;
}

export function describe(err: unknown): string {
  if (err instanceof ApiError) {
    const text = err.message.charAt(0).toUpperCase() + err.message.slice(1);
    return /[.!?]$/.test(text) ? text : text + '.';
  }
  return err instanceof Error ? err.message : String(err);
}

const stores = new WeakMap<DocSession, ThreadStore>();

/** The one store per open document (the panel and the editor markers share it). */
export function threadStoreFor(session: DocSession): ThreadStore {
  let store = stores.get(session);
  if (!store) {
    store = new ThreadStore(session.docId, session);
    stores.set(session, store);
  }
  return store;
}
