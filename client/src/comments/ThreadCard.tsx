/**
 * One thread: what it is about (click to see the paragraph), its comments,
 * a reply box and resolve / reopen for those allowed. Collapsed to its opening
 * comment until selected, so a long list stays readable.
 */
import { memo, useEffect, useRef, useState } from 'react';
import type { Thread } from '../api/comments';
import type { Capability } from '../api/types';
import { plural } from '../app/format';
import { CommentForm } from './CommentForm';
import { CommentItem } from './CommentItem';
import { canChange, canComment, canResolve } from './permissions';
import { snippet } from './snippet';

export interface ThreadActions {
  select(thread: Thread): void;
  reply(thread: Thread, text: string): Promise<boolean>;
  edit(commentId: string, text: string): Promise<boolean>;
  remove(commentId: string): Promise<boolean>;
  setStatus(thread: Thread, status: Thread['status']): Promise<boolean>;
}

export interface ThreadCardProps {
  thread: Thread;
  capabilities: readonly Capability[];
  userId: string;
  selected: boolean;
  /** Changes when the thread should be scrolled into view. */
  revealSeq: number | null;
  error: string | null;
  actions: ThreadActions;
}

/** Memoised: a report has hundreds of threads, and the panel re-renders as the caret moves. */
export const ThreadCard = memo(function ThreadCard({ thread, capabilities, userId, selected, revealSeq, error, actions }: ThreadCardProps) {
  const ref = useRef<HTMLElement>(null);
  const [replying, setReplying] = useState(false);
  const [first, ...replies] = thread.comments;
  const resolved = thread.status === 'resolved';

  useEffect(() => {
    if (revealSeq !== null) ref.current?.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
  }, [revealSeq]);
  useEffect(() => {
    if (!selected) setReplying(false);
  }, [selected]);

  const shown = selected ? thread.comments : first ? [first] : [];
  const classes = ['thread', selected && 'thread--selected', resolved && 'thread--resolved', thread.detached && 'thread--detached']
    .filter(Boolean)
    .join(' ');
  return (
    <article
      ref={ref}
      className={classes}
      data-testid="thread"
      data-thread-id={thread.id}
      data-block-id={thread.blockId}
      data-status={thread.status}
      data-detached={thread.detached}
      onClick={(e) => {
        // Clicking a comment's words opens the thread and shows its paragraph, as in other
        // editors (issue 14 #9); the quote button does the same from the keyboard.
        if (e.target instanceof Element && e.target.closest(INTERACTIVE)) return;
        if (window.getSelection()?.isCollapsed === false) return; // selecting words to copy them
        actions.select(thread);
      }}
    >
      <button
        className="thread__about"
        onClick={() => actions.select(thread)}
        title={thread.detached ? 'This paragraph was deleted' : 'Show the paragraph'}
        data-testid="thread-about"
      >
        {thread.detached && <span className="thread__badge thread__badge--detached">Paragraph deleted</span>}
        {resolved && <span className="thread__badge">Resolved</span>}
        <span className="thread__quote">“{snippet(thread.quote ?? thread.anchorText, 90) || '(empty paragraph)'}”</span>
      </button>
      {thread.detached && thread.quote && <p className="thread__anchor muted">In: “{snippet(thread.anchorText, 200)}”</p>}
      <ul className="thread__comments">
        {shown.map((c) => (
          <CommentItem
            key={c.id}
            comment={c}
            mine={canChange(capabilities, userId, c)}
            onEdit={(text) => actions.edit(c.id, text)}
            onDelete={() => actions.remove(c.id)}
          />
        ))}
      </ul>
      {!selected && replies.length > 0 && (
        <button className="button--link thread__more" onClick={() => actions.select(thread)}>
          {plural(replies.length, 'reply', 'replies')}
        </button>
      )}
      {error && (
        <p className="form__error thread__error" role="alert">
          {error}
        </p>
      )}
      {selected && (
        <div className="thread__footer">
          {replying ? (
            <CommentForm
              label="Reply"
              submitLabel="Reply"
              placeholder="Reply…"
              autoFocus
              onSubmit={async (text) => {
                const sent = await actions.reply(thread, text);
                if (sent) setReplying(false);
                return sent;
              }}
              onCancel={() => setReplying(false)}
              testId="reply-form"
            />
          ) : (
            <div className="thread__buttons">
              {canComment(capabilities) && (
                <button className="button button--small" onClick={() => setReplying(true)} data-testid="reply">
                  Reply
                </button>
              )}
              {canResolve(capabilities, userId, thread) && (
                <button
                  className="button button--small button--quiet"
                  onClick={() => void actions.setStatus(thread, resolved ? 'open' : 'resolved')}
                  data-testid={resolved ? 'reopen' : 'resolve'}
                >
                  {resolved ? 'Reopen' : 'Resolve'}
                </button>
              )}
            </div>
          )}
          {resolved && thread.resolvedBy && <p className="thread__resolved muted">Resolved by {thread.resolvedBy.name}</p>}
        </div>
      )}
    </article>
  );
});

/** Clicks on these do their own thing, not "open the thread". */
const INTERACTIVE = 'button, a, input, textarea, select, form, label';
