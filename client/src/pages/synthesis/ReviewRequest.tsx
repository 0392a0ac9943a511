/** "Ask for re-review": an optional note, then who was notified. */
import { useState } from 'react';
import type { Person } from '../../api/comments';
import { MAX_COMMENT_LENGTH } from '../../api/comments';

export interface ReviewRequestProps {
  /** Who was notified last time from this page, if anyone was asked. */
  notified: Person[] | null;
  onRequest: (message: string) => Promise<string | null>;
}

export function ReviewRequest({ notified, onRequest }: ReviewRequestProps) {
  const [open, setOpen] = useState(false);
  const [message, setMessage] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function send() {
    setBusy(true);
    setError(null);
    const failure = await onRequest(message.trim());
    setBusy(false);
    if (failure) setError(failure);
    else {
      setOpen(false);
      setMessage('');
    }
  }

  return (
    <div className="review-request">
      {open ? (
        <div className="review-request__form">
          <textarea
            aria-label="Note to the commissioners (optional)"
            placeholder="Add a note (optional): what changed, what to look at…"
            rows={2}
            maxLength={Math.min(1000, MAX_COMMENT_LENGTH)}
            value={message}
            onChange={(e) => setMessage(e.target.value)}
            autoFocus
          />
          <div className="review-request__actions">
            <button className="button button--quiet" onClick={() => setOpen(false)}>
              Cancel
            </button>
            <button className="button button--primary" disabled={busy} onClick={() => void send()} data-testid="send-review-request">
              Send request
            </button>
          </div>
        </div>
      ) : (
        <button className="button" onClick={() => setOpen(true)} data-testid="request-review">
          Ask for re-review
        </button>
      )}
      {error && (
        <p className="form__error" role="alert">
          {error}
        </p>
      )}
      {notified && (
        <p className="review-request__done" role="status" data-testid="review-notified">
          {notified.length === 0
            ? 'Nobody to ask: every commissioner concerned already agrees with this text.'
            : `Asked ${names(notified)} to review it again.`}
        </p>
      )}
    </div>
  );
}

function names(people: Person[]): string {
  const list = people.map((p) => p.name);
  return list.length <= 1 ? list.join('') : `${list.slice(0, -1).join(', ')} and ${list[list.length - 1]}`;
}
