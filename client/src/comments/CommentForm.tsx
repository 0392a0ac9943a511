/**
 * A plain-text box for a comment, reply or edit. Ctrl/⌘+Enter sends. Typing
 * `@` offers the document's members (arrows to move, Enter or Tab to choose,
 * Escape to close the list).
 */
import { useId, useRef, useState, type SubmitEvent, type KeyboardEvent } from 'react';
import { MAX_COMMENT_LENGTH } from '../api/comments';
import { applyMention, matchMembers, mentionAt, nameWithoutNote, type MentionQuery } from './mention-suggest';
import { useMentionCandidates } from './mention-context';

export interface CommentFormProps {
  label: string;
  submitLabel: string;
  placeholder?: string;
  initial?: string;
  autoFocus?: boolean;
  /** Shown but not usable yet (no paragraph chosen). */
  disabled?: boolean;
  /** Resolves true when sent (the box then empties), false to keep the text. */
  onSubmit: (text: string) => Promise<boolean>;
  onCancel?: () => void;
  testId?: string;
}

export function CommentForm({
  label,
  submitLabel,
  placeholder,
  initial = '',
  autoFocus,
  disabled = false,
  onSubmit,
  onCancel,
  testId,
}: CommentFormProps) {
  const [text, setText] = useState(initial);
  const [busy, setBusy] = useState(false);
  const empty = text.trim() === '';
  const input = useRef<HTMLTextAreaElement>(null);
  const listId = useId();
  const members = useMentionCandidates();
  const [query, setQuery] = useState<MentionQuery | null>(null);
  const [active, setActive] = useState(0);
  const suggestions = query ? matchMembers(query.query, members) : [];
  const open = suggestions.length > 0;

  function readQuery(value: string, caret: number | null) {
    const next = caret === null ? null : mentionAt(value, caret);
    setQuery(next);
    if (next?.query !== query?.query) setActive(0);
  }

  function choose(index: number) {
    const member = suggestions[index];
    if (!member || !query) return;
    const next = applyMention(text, query, member);
    setText(next.text);
    setQuery(null);
    requestAnimationFrame(() => input.current?.setSelectionRange(next.caret, next.caret));
  }

  async function submit(event?: SubmitEvent) {
    event?.preventDefault();
    if (empty || busy || disabled) return;
    setBusy(true);
    const sent = await onSubmit(text.trim());
    setBusy(false);
    if (sent && !initial) setText('');
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (open) {
      if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        event.preventDefault();
        const step = event.key === 'ArrowDown' ? 1 : -1;
        setActive((a) => (a + step + suggestions.length) % suggestions.length);
        return;
      }
      if ((event.key === 'Enter' && !event.ctrlKey && !event.metaKey) || event.key === 'Tab') {
        event.preventDefault();
        choose(active);
        return;
      }
      if (event.key === 'Escape') {
        event.preventDefault();
        event.stopPropagation();
        setQuery(null);
        return;
      }
    }
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) void submit();
    if (event.key === 'Escape' && onCancel) onCancel();
  }

  return (
    <form className="comment-form" onSubmit={submit} data-testid={testId}>
      <div className="comment-form__field">
        <textarea
          ref={input}
          aria-label={label}
          placeholder={placeholder}
          value={text}
          maxLength={MAX_COMMENT_LENGTH}
          rows={text.length > 120 ? 5 : 2}
          onChange={(e) => {
            setText(e.target.value);
            readQuery(e.target.value, e.target.selectionStart);
          }}
          onSelect={(e) => readQuery(e.currentTarget.value, e.currentTarget.selectionStart)}
          onBlur={() => setQuery(null)}
          onKeyDown={onKeyDown}
          autoFocus={autoFocus}
          disabled={disabled}
          role="combobox"
          aria-autocomplete="list"
          aria-expanded={open}
          aria-controls={listId}
          {...(open ? { 'aria-activedescendant': `${listId}-${active}` } : {})}
          data-testid="comment-input"
        />
        <ul
          id={listId}
          className="mention-list"
          role="listbox"
          aria-label="Mention a member"
          hidden={!open}
          data-testid="mention-suggestions"
        >
          {suggestions.map((m, i) => (
            <li
              key={m.userId}
              id={`${listId}-${i}`}
              role="option"
              aria-selected={i === active}
              className={`mention-list__item${i === active ? ' is-active' : ''}`}
              // mousedown, not click: the textarea must not lose focus first.
              onMouseDown={(e) => (e.preventDefault(), choose(i))}
              data-testid="mention-option"
              data-user-id={m.userId}
            >
              {nameWithoutNote(m.name)} <span className="mention-list__email">{m.email}</span>
            </li>
          ))}
        </ul>
      </div>
      <div className="comment-form__actions">
        {onCancel && (
          <button type="button" className="button button--quiet" onClick={onCancel}>
            Cancel
          </button>
        )}
        <button
          type="submit"
          className="button button--primary button--small"
          disabled={empty || busy || disabled}
          data-testid="comment-submit"
        >
          {submitLabel}
        </button>
      </div>
    </form>
  );
}
