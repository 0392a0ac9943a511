/** "Publish / export" in the editor header: for the author and publishers, the roles that may export. */
import type { Role } from '../../api';
import { exportPath, navigate } from '../../app/router';
import '../../app/styles/publish.css';

export function ExportLink({ docId, role }: { docId: string; role: Role }) {
  if (role !== 'author' && role !== 'publisher') return null;
  const href = exportPath(docId);
  return (
    <a className="button export-link" href={href} onClick={(e) => (e.preventDefault(), navigate(href))} data-testid="export-link">
      Publish / export
    </a>
  );
}
