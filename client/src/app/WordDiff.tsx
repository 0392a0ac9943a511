/**
 * The one word-diff view: what changed, deletions struck through, insertions
 * underlined, as text nodes only. The vote popover shows a vote's text against
 * today's (`elide`: long unchanged runs shortened); the synthesis page shows a
 * stale vote's or a proposal's changes whole. Each place keeps its own look
 * (`className`, with `__ins`/`__del` on the parts) and test id.
 */
import type { WordDiffPart } from '@concord/shared';

const KEEP = 40;

export function WordDiff({
  parts,
  className,
  testId,
  elide = false,
}: {
  parts: readonly WordDiffPart[];
  className: string;
  testId: string;
  elide?: boolean;
}) {
  return (
    <p className={className} data-testid={testId}>
      {parts.map((part, i) =>
        part.op === 'insert' ? (
          <ins key={i} className={`${className}__ins`}>
            {part.text}
          </ins>
        ) : part.op === 'delete' ? (
          <del key={i} className={`${className}__del`}>
            {part.text}
          </del>
        ) : (
          <span key={i}>{elide ? shorten(part.text, i > 0, i < parts.length - 1) : part.text}</span>
        ),
      )}
    </p>
  );
}

/** Keeps the words next to a change and elides the middle of a long unchanged run. */
function shorten(text: string, afterChange: boolean, beforeChange: boolean): string {
  if (text.length <= KEEP * 2 + 5 || (!afterChange && !beforeChange)) return text;
  // Cut at spaces, so no word is shown half.
  const head = afterChange ? text.slice(0, text.lastIndexOf(' ', KEEP) + 1 || KEEP) : '';
  const tailStart = text.indexOf(' ', text.length - KEEP);
  const tail = beforeChange ? text.slice(tailStart < 0 ? text.length - KEEP : tailStart) : '';
  return `${head}…${tail}`;
}
