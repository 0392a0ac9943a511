/** One comment in a thread: who, when, the text (plain, links only); edit and delete one's own. */
import { useState } from 'react';
import type { ThreadComment } from '../api/comments';
import { relativeTime } from '../app/format';
import { CommentForm } from './CommentForm';
import { LinkedText } from './LinkedText';

export interface CommentItemProps {
  comment: ThreadComment;
  mine: boolean;
  onEdit: (text: string) => Promise<boolean>;
  onDelete: () => Promise<boolean>;
}

export function CommentItem({ comment, mine, onEdit, onDelete }: CommentItemProps) {
  const [editing, setEditing] = useState(false);
  const [confirming, setConfirming] = useState(false);

  if (comment.deleted) {
    return (
      <li className="comment comment--deleted" data-testid="comment" data-deleted="true">
        <span className="muted">Comment deleted by {comment.author.name}</span>
      </li>
    );
  }
  return (
    <li className="comment" data-testid="comment" data-comment-id={comment.id}>
      <div className="comment__meta">
        <span className="comment__author">{comment.author.name}</span>
        <span className="muted" title={new Date(comment.createdAt).toLocaleString()}>
          {relativeTime(comment.createdAt)}
          {comment.editedAt && ' · edited'}
        </span>
      </div>
      {editing ? (
        <CommentForm
          initial={comment.text}
          label="Edit your comment"
          submitLabel="Save"
          onSubmit={async (text) => {
            const ok = await onEdit(text);
            if (ok) setEditing(false);
            return ok;
          }}
          onCancel={() => setEditing(false)}
          autoFocus
        />
      ) : (
        <p className="comment__text" data-testid="comment-text">
          <LinkedText text={comment.text} />
        </p>
      )}
      {!editing && comment.mentioned && comment.mentioned.length > 0 && (
        <p className="comment__notified muted" data-testid="comment-notified">
          Notified: {comment.mentioned.map((p) => p.name).join(', ')}
        </p>
      )}
      {mine && !editing && (
        <div className="comment__actions">
          {confirming ? (
            <>
              <span className="muted">Delete this comment?</span>
              <button
                className="button button--quiet comment__danger"
                onClick={() => (setConfirming(false), void onDelete())}
                data-testid="confirm-delete-comment"
              >
                Delete
              </button>
              <button className="button button--quiet" onClick={() => setConfirming(false)}>
                Keep
              </button>
            </>
          ) : (
            <>
              <button className="button button--quiet" onClick={() => setEditing(true)} data-testid="edit-comment">
                Edit
              </button>
              <button className="button button--quiet" onClick={() => setConfirming(true)} data-testid="delete-comment">
                Delete
              </button>
            </>
          )}
        </div>
      )}
    </li>
  );
}
