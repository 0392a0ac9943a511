/** What changed since a vote: deletions struck through, insertions underlined (text nodes only). */
import type { DiffPart } from '../../api/synthesis';

export function WordDiff({ parts }: { parts: DiffPart[] }) {
  return (
    <p className="word-diff" data-testid="word-diff">
      {parts.map((part, i) =>
        part.op === 'insert' ? (
          <ins key={i} className="word-diff__ins">
            {part.text}
          </ins>
        ) : part.op === 'delete' ? (
          <del key={i} className="word-diff__del">
            {part.text}
          </del>
        ) : (
          <span key={i}>{part.text}</span>
        ),
      )}
    </p>
  );
}
