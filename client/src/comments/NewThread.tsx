/** Starting a thread on the paragraph at the cursor, optionally quoting the selected words. */
import { useEffect, useState } from 'react';
import type { CursorBlock } from './cursor-block';
import { CommentForm } from './CommentForm';
import { snippet } from './snippet';

export function NewThread({
  cursor,
  onStart,
}: {
  cursor: CursorBlock | null;
  onStart: (text: string, quote: string | null) => Promise<boolean>;
}) {
  const [withQuote, setWithQuote] = useState(true);
  const quote = cursor?.quote ?? null;
  useEffect(() => setWithQuote(true), [quote]);

  // Before the person has been in the text the box is there but disabled, under a hint in the
  // place of "On …": the panel keeps its height when the first click lands (issue 14 #11).
  return (
    <div className="new-thread" data-testid={cursor ? 'new-thread' : undefined} data-block-id={cursor?.blockId}>
      {cursor ? (
        <p className="new-thread__on">
          <span className="muted">On </span>“{snippet(cursor.text, 70) || 'an empty paragraph'}”
        </p>
      ) : (
        <p className="new-thread__on new-thread__hint muted" data-testid="new-thread-hint">
          Click in a paragraph to comment on it; select words to quote them.
        </p>
      )}
      {quote && withQuote && (
        <p className="new-thread__quote" data-testid="new-thread-quote">
          <span className="muted">Quoting </span>“{snippet(quote, 120)}”
          <button
            className="button button--quiet button--small"
            onClick={() => setWithQuote(false)}
            aria-label="Do not quote the selection"
          >
            ×
          </button>
        </p>
      )}
      <CommentForm
        label="New comment on this paragraph"
        submitLabel="Comment"
        placeholder="Comment on this paragraph… (@name to mention someone)"
        disabled={!cursor}
        onSubmit={async (text) => {
          const sent = await onStart(text, quote && withQuote ? quote : null);
          // The quote went with that comment; the next one quotes only a new selection (issue 14 #9).
          if (sent) setWithQuote(false);
          return sent;
        }}
        testId="new-thread-form"
      />
    </div>
  );
}
