/** What changed since a vote (C24): deletions struck through, insertions underlined; long unchanged runs shortened. */
import { useMemo } from 'react';
import { wordDiff } from '@concord/shared';

const KEEP = 40;

export function WordDiffView({ from, to }: { from: string; to: string }) {
  const parts = useMemo(() => wordDiff(from, to), [from, to]);
  return (
    <p className="cg-diff" data-testid="stale-diff">
      {parts.map((part, i) => {
        if (part.op === 'insert') return <ins key={i}>{part.text}</ins>;
        if (part.op === 'delete') return <del key={i}>{part.text}</del>;
        return <span key={i}>{shorten(part.text, i > 0, i < parts.length - 1)}</span>;
      })}
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
