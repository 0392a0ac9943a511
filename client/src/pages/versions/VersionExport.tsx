/**
 * A version's files (issue 18): every format, the agreed text or the whole draft,
 * with or without the consensus record, and the manifest — the same bytes as an
 * export taken when the version was made, so a published report can be reproduced.
 */
import { useState } from 'react';
import type { ExportScope } from '../../api';
import { publishApi, type ExportOptions } from '../../api/publish';
import { EXPORT_FILES } from '../export/export-files';

export function VersionExport({ docId, versionId }: { docId: string; versionId: string }) {
  const [scope, setScope] = useState<ExportScope>('consensus');
  const [record, setRecord] = useState(false);
  const options: ExportOptions = { scope, record, placeholders: false, dissent: 'none', version: versionId };
  return (
    <details className="version-export" data-testid="version-export">
      <summary>Export this version</summary>
      <p className="muted">The same files, byte for byte, as an export taken when this version was made.</p>
      <div className="version-export__options">
        <label>
          <input
            type="radio"
            name="version-export-scope"
            checked={scope === 'consensus'}
            onChange={() => setScope('consensus')}
            data-testid="version-scope-consensus"
          />{' '}
          Agreed text only
        </label>
        <label>
          <input
            type="radio"
            name="version-export-scope"
            checked={scope === 'draft'}
            onChange={() => setScope('draft')}
            data-testid="version-scope-draft"
          />{' '}
          Working draft
        </label>
        <label>
          <input type="checkbox" checked={record} onChange={(e) => setRecord(e.target.checked)} data-testid="version-include-record" />{' '}
          Include the consensus record
        </label>
      </div>
      <ul className="version-export__files">
        {EXPORT_FILES.map((file) => (
          <li key={file.format}>
            <a href={publishApi.exportUrl(docId, file.format, options)} download="" data-testid={`version-download-${file.format}`}>
              {file.label}
            </a>{' '}
            <span className="muted">{file.what}</span>
          </li>
        ))}
        <li>
          <a href={publishApi.manifestUrl(docId, options)} download="" data-testid="version-download-manifest">
            Manifest
          </a>{' '}
          <span className="muted">.json · SHA-256 of every block and file, to verify the report</span>
        </li>
      </ul>
    </details>
  );
}
