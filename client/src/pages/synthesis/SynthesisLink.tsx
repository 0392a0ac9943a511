/** The editor header's way into the synthesis workspace (authors only). */
import type { Role } from '../../api';
import { navigate, synthesisPath } from '../../app/router';

export function SynthesisLink({ docId, role }: { docId: string; role: Role }) {
  if (role !== 'author') return null;
  return (
    <a
      className="button button--quiet header-link"
      href={synthesisPath(docId)}
      onClick={(e) => {
        e.preventDefault();
        navigate(synthesisPath(docId));
      }}
      data-testid="synthesis-link"
    >
      Synthesis
    </a>
  );
}
