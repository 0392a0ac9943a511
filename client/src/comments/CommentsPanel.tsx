/**
 * The Comments side panel: the document's threads (open, resolved, mine), a
 * box to start a thread on the paragraph at the cursor, and the jump between a
 * thread and its paragraph (both ways, through the shared ThreadStore).
 * Publishers and observers read; they get no compose box.
 */
import { useEffect, useLayoutEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { ApiError } from '../api/http';
import { commentsApi, type Thread } from '../api/comments';
import type { PanelContext } from '../pages/editor/panel-context';
import { useMe } from '../app/session';
import { useCursorBlock } from './cursor-block';
import { useBlockIds, useSynced, withLocalDetachment } from './use-block-ids';
import { canComment, isMine } from './permissions';
import { NewThread } from './NewThread';
import { ThreadCard, type ThreadActions } from './ThreadCard';
import { describe, threadStoreFor } from './thread-store';
import '../app/styles/comments.css';

type Filter = 'open' | 'resolved' | 'mine';
const FILTERS: { id: Filter; label: string }[] = [
  { id: 'open', label: 'Open' },
  { id: 'resolved', label: 'Resolved' },
  { id: 'mine', label: 'Mine' },
];
/** A block typed a moment ago may not have reached the server yet. */
const NEW_BLOCK_RETRIES = 3;

export function CommentsPanel({ docId, capabilities, session, editor }: PanelContext) {
  const me = useMe();
  const store = threadStoreFor(session);
  const { threads: fetched, error, focus } = useSyncExternalStore(store.subscribe, store.getSnapshot);
  const ids = useBlockIds(editor, useSynced(session));
  const threads = useMemo(() => fetched && withLocalDetachment(fetched, ids), [fetched, ids]);
  const cursor = useCursorBlock(editor);
  const [filter, setFilter] = useState<Filter>('open');
  const [selected, setSelected] = useState<string | null>(null);
  const [reveal, setReveal] = useState<{ threadId: string; seq: number } | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [startError, setStartError] = useState<string | null>(null);

  const matches = (t: Thread, f: Filter) => (f === 'mine' ? isMine(t, me.id) : t.status === f);

  // A marker click or a link chose a thread (or a paragraph's threads): show it here.
  useEffect(() => {
    if (!focus || focus.from === 'panel' || !threads) return;
    const target = focus.threadId
      ? threads.find((t) => t.id === focus.threadId)
      : threads.find((t) => t.blockId === focus.blockId && t.status === 'open' && !t.detached);
    if (!target) return;
    setFilter((f) => (matches(target, f) ? f : target.status));
    setSelected(target.id);
    setReveal({ threadId: target.id, seq: focus.seq });
    // Only when a new focus arrives (or the list first loads), not on every list change.
    // eslint-disable-next-line react-hooks/exhaustive-deps -- reads the latest list, re-runs only on a new focus
  }, [focus?.seq, threads === null]);

  // One actions object for the panel's life: with ~300 threads, a new one per render would
  // re-render every (memoised) card whenever the caret or the list moves.
  const latestThreads = useRef(threads);
  useLayoutEffect(() => {
    latestThreads.current = threads;
  }, [threads]);
  const actions = useMemo<ThreadActions>(() => {
    const run = async (threadId: string, action: () => Promise<Thread>): Promise<boolean> => {
      try {
        store.put(await action());
        setErrors(({ [threadId]: _, ...rest }) => rest);
        return true;
      } catch (err) {
        setErrors((e) => ({ ...e, [threadId]: describe(err) }));
        return false;
      }
    };
    const threadOf = (commentId: string) => latestThreads.current?.find((t) => t.comments.some((c) => c.id === commentId))?.id ?? '';
    return {
      select(thread) {
        setSelected(thread.id);
        store.focus({ threadId: thread.id, blockId: thread.detached ? null : thread.blockId, from: 'panel' });
      },
      reply: (thread, text) => run(thread.id, () => commentsApi.reply(docId, thread.id, text)),
      edit: (commentId, text) => run(threadOf(commentId), () => commentsApi.edit(docId, commentId, text)),
      remove: (commentId) => run(threadOf(commentId), () => commentsApi.remove(docId, commentId)),
      setStatus: (thread, status) =>
        run(thread.id, () => (status === 'resolved' ? commentsApi.resolve(docId, thread.id) : commentsApi.reopen(docId, thread.id))),
    };
  }, [docId, store]);

  async function start(text: string, quote: string | null): Promise<boolean> {
    if (!cursor) return false;
    setStartError(null);
    for (let attempt = 0; ; attempt++) {
      try {
        const thread = await commentsApi.start(docId, cursor.blockId, text, quote);
        store.put(thread);
        if (filter === 'resolved') setFilter('open');
        setSelected(thread.id);
        return true;
      } catch (err) {
        if (err instanceof ApiError && err.status === 404 && attempt < NEW_BLOCK_RETRIES) {
          await new Promise((r) => setTimeout(r, 800));
          continue;
        }
        setStartError(
          err instanceof ApiError && err.status === 409
            ? 'The quoted words have changed since you selected them. Select them again, or comment without the quote.'
            : describe(err),
        );
        return false;
      }
    }
  }

  const visible = (threads ?? []).filter((t) => matches(t, filter));
  const count = (f: Filter) => (threads ?? []).filter((t) => matches(t, f)).length;
  return (
    <div className="comments" data-testid="comments">
      <div className="comments__filters" role="tablist" aria-label="Show threads">
        {FILTERS.map((f) => (
          <button
            key={f.id}
            role="tab"
            aria-selected={filter === f.id}
            className="comments__filter"
            onClick={() => setFilter(f.id)}
            data-testid={`filter-${f.id}`}
          >
            {f.label} <span className="comments__count">{threads ? count(f.id) : ''}</span>
          </button>
        ))}
      </div>
      {canComment(capabilities) && <NewThread cursor={cursor} onStart={start} />}
      {startError && (
        <p className="form__error" role="alert" data-testid="new-thread-error">
          {startError}
        </p>
      )}
      {error && !threads && <p className="form__error">{error}</p>}
      {threads === null && !error && <p className="muted">Loading…</p>}
      {threads && visible.length === 0 && <p className="comments__empty muted">{emptyText(filter)}</p>}
      <div className="comments__list">
        {visible.map((t) => (
          <ThreadCard
            key={t.id}
            thread={t}
            capabilities={capabilities}
            userId={me.id}
            selected={selected === t.id}
            revealSeq={reveal?.threadId === t.id ? reveal.seq : null}
            error={errors[t.id] ?? null}
            actions={actions}
          />
        ))}
      </div>
    </div>
  );
}

function emptyText(filter: Filter): string {
  if (filter === 'open') return 'No open threads.';
  if (filter === 'resolved') return 'No resolved threads yet.';
  return 'You have not started or joined a thread yet.';
}
