/** A plain-text box for a comment, reply or edit. Ctrl/⌘+Enter sends. */
import { useState, type FormEvent, type KeyboardEvent } from 'react';
import { MAX_COMMENT_LENGTH } from '../api/comments';

export interface CommentFormProps {
  label: string;
  submitLabel: string;
  placeholder?: string;
  initial?: string;
  autoFocus?: boolean;
  /** Resolves true when sent (the box then empties), false to keep the text. */
  onSubmit(text: string): Promise<boolean>;
  onCancel?: () => void;
  testId?: string;
}

export function CommentForm({ label, submitLabel, placeholder, initial = '', autoFocus, onSubmit, onCancel, testId }: CommentFormProps) {
  const [text, setText] = useState(initial);
  const [busy, setBusy] = useState(false);
  const empty = text.trim() === '';

  async function submit(event?: FormEvent) {
    event?.preventDefault();
    if (empty || busy) return;
    setBusy(true);
    const sent = await onSubmit(text.trim());
    setBusy(false);
    if (sent && !initial) setText('');
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) void submit();
    if (event.key === 'Escape' && onCancel) onCancel();
  }

  return (
    <form className="comment-form" onSubmit={submit} data-testid={testId}>
      <textarea
        aria-label={label}
        placeholder={placeholder}
        value={text}
        maxLength={MAX_COMMENT_LENGTH}
        rows={text.length > 120 ? 5 : 2}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={onKeyDown}
        autoFocus={autoFocus}
        data-testid="comment-input"
      />
      <div className="comment-form__actions">
        {onCancel && (
          <button type="button" className="button button--quiet" onClick={onCancel}>
            Cancel
          </button>
        )}
        <button type="submit" className="button button--primary button--small" disabled={empty || busy} data-testid="comment-submit">
          {submitLabel}
        </button>
      </div>
    </form>
  );
}
