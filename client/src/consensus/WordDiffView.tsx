/** A vote's text against today's (C24), in the vote popover: the one word-diff view, long unchanged runs shortened. */
import { useMemo } from 'react';
import { wordDiff } from '@concord/shared';
import { WordDiff } from '../app/WordDiff';

export function WordDiffView({ from, to }: { from: string; to: string }) {
  const parts = useMemo(() => wordDiff(from, to), [from, to]);
  return <WordDiff parts={parts} className="cg-diff" testId="stale-diff" elide />;
}
