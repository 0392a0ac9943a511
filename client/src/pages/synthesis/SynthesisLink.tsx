/** The editor header's way into the synthesis workspace (for whoever manages the document: the author). */
import type { Capability } from '../../api';
import { navigate, synthesisPath } from '../../app/router';

export function SynthesisLink({ docId, capabilities }: { docId: string; capabilities: readonly Capability[] }) {
  if (!capabilities.includes('manage')) return null;
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
