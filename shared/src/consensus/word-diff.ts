/**
 * What changed since a commissioner voted: a word-level diff between the text
 * the vote was cast on and the text now.
 *
 * Built on jsdiff's `diffWordsWithSpace` rather than `diffWords`: the latter
 * ignores whitespace, but a fingerprint does not (C5), so a vote made stale by a
 * doubled space would otherwise show "nothing changed".
 */
import { diffWordsWithSpace } from 'diff';

export type WordDiffOp = 'equal' | 'insert' | 'delete';

export interface WordDiffPart {
  op: WordDiffOp;
  text: string;
}

/** Above this many edited tokens the diff gives up and shows "all replaced": paragraphs are short. */
const MAX_EDIT_LENGTH = 2_000;

/**
 * Joining the `equal` and `delete` parts gives `oldText`; joining `equal` and
 * `insert` gives `newText`. Adjacent parts with the same op are merged.
 */
export function wordDiff(oldText: string, newText: string): WordDiffPart[] {
  if (oldText === newText) return oldText === '' ? [] : [{ op: 'equal', text: oldText }];
  const changes = diffWordsWithSpace(oldText, newText, { maxEditLength: MAX_EDIT_LENGTH });
  const parts: WordDiffPart[] = [];
  if (!changes) {
    push(parts, 'delete', oldText);
    push(parts, 'insert', newText);
    return parts;
  }
  for (const change of changes) {
    push(parts, change.added ? 'insert' : change.removed ? 'delete' : 'equal', change.value);
  }
  return parts;
}

function push(parts: WordDiffPart[], op: WordDiffOp, text: string): void {
  if (text === '') return;
  const last = parts[parts.length - 1];
  if (last && last.op === op) last.text += text;
  else parts.push({ op, text });
}
