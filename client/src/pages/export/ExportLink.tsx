/** "Publish / export" in the editor header: for those whose role may export (the server says which). */
import type { Capability } from '../../api';
import { exportPath, navigate } from '../../app/router';
import '../../app/styles/publish.css';

export function ExportLink({ docId, capabilities }: { docId: string; capabilities: readonly Capability[] }) {
  if (!capabilities.includes('export')) return null;
  const href = exportPath(docId);
  return (
    <a className="button export-link" href={href} onClick={(e) => (e.preventDefault(), navigate(href))} data-testid="export-link">
      Publish / export
    </a>
  );
}
