/**
 * Publish / export: a preview of exactly what will be published (excluded
 * blocks greyed with their status), the options (scope, consensus record) and
 * plain download links to the server's export URLs. For the author and
 * publishers; everyone else is told who can export.
 */
import { useCallback, useEffect, useState } from 'react';
import { ApiError, type DocMeta, type ExportPreview, type ExportScope } from '../../api';
import { publishApi, type ExportOptions } from '../../api/publish';
import { AppHeader } from '../../app/AppHeader';
import { RoleBadge } from '../../app/RoleBadge';
import { docPath, navigate } from '../../app/router';
import { plural } from '../../app/format';
import { MessagePage } from '../MessagePage';
import { DocUnavailable } from '../DocUnavailable';
import { useDocMeta } from '../../app/use-doc-meta';
import { PreviewBlocks } from './PreviewBlocks';
import { EXPORT_FILES } from './export-files';
import { exportFilename, type DissentAnnexMode } from '@concord/shared';
import '../../app/styles/publish.css';

export function ExportPage({ docId }: { docId: string }) {
  const { meta, error } = useDocMeta(docId);

  if (error instanceof ApiError && error.status === 404) return <DocUnavailable docId={docId} />;
  if (error)
    return (
      <MessagePage
        title="The export page could not be opened"
        body={error.message}
        action={{ label: 'Try again', onClick: () => location.reload() }}
      />
    );
  if (!meta) return <div className="page-loading" aria-busy="true" />;
  if (!meta.capabilities.includes('export')) {
    return (
      <>
        <AppHeader>
          <Breadcrumb meta={meta} />
        </AppHeader>
        <MessagePage
          testId="export-forbidden"
          title="Only the author and publishers can export"
          body={`You are ${meta.role === 'author' ? 'the author' : `a ${meta.role}`} of “${meta.title}”. Publishing the report is up to its author and publishers; ask them if you need a copy.`}
          action={{ label: 'Back to the document', onClick: () => navigate(docPath(meta.id)) }}
        />
      </>
    );
  }
  return <Exporter meta={meta} />;
}

function Breadcrumb({ meta }: { meta: DocMeta }) {
  return (
    <nav className="doc-title" aria-label="Breadcrumb">
      <a className="doc-title__back" href="/" onClick={(e) => (e.preventDefault(), navigate('/'))}>
        Documents
      </a>
      <span className="doc-title__sep" aria-hidden="true">
        /
      </span>
      <a
        className="doc-title__back doc-title__up export-crumb__doc"
        href={docPath(meta.id)}
        onClick={(e) => (e.preventDefault(), navigate(docPath(meta.id)))}
        title={meta.title}
      >
        {meta.title}
      </a>
      <span className="doc-title__sep" aria-hidden="true">
        /
      </span>
      <span className="export-crumb__here">Publish</span>
    </nav>
  );
}

function Exporter({ meta }: { meta: DocMeta }) {
  const [scope, setScope] = useState<ExportScope>('consensus');
  const [record, setRecord] = useState(false);
  const [placeholders, setPlaceholders] = useState(false);
  const [dissent, setDissent] = useState<DissentAnnexMode>('none');
  const [preview, setPreview] = useState<ExportPreview | null>(null);
  const [loadedAt, setLoadedAt] = useState<Date | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [paths, setPaths] = useState<Map<string, readonly string[]>>(() => new Map());

  const load = useCallback(() => {
    let live = true;
    setLoading(true);
    // Lists and quotes lay the preview out like the document; without them it still shows every block.
    Promise.all([publishApi.preview(meta.id, scope), publishApi.blockPaths(meta.id).catch(() => null)]).then(
      ([p, map]) => {
        if (!live) return;
        setPreview(p);
        if (map) setPaths(map);
        setLoadedAt(new Date());
        setError(null);
        setLoading(false);
      },
      (err: unknown) => {
        if (!live) return;
        setError(err instanceof Error ? err.message : String(err));
        setLoading(false);
      },
    );
    return () => {
      live = false;
    };
  }, [meta.id, scope]);
  useEffect(load, [load]);
  // Votes may have moved while the page sat in another tab.
  useEffect(() => {
    const onFocus = () => load();
    window.addEventListener('focus', onFocus);
    return () => window.removeEventListener('focus', onFocus);
  }, [load]);

  const options: ExportOptions = { scope, record, placeholders: placeholders && scope === 'consensus', dissent };
  const fileOptions = { includeRecord: record, withheldPlaceholders: options.placeholders, dissentAnnex: dissent };
  const shown = preview?.scope === scope ? preview : null;
  const total = shown ? shown.included + shown.excluded : 0;

  return (
    <>
      <AppHeader>
        <Breadcrumb meta={meta} />
      </AppHeader>
      <main className="export-page" data-testid="export-page" data-scope={scope}>
        <header className="export-page__head">
          <h1>Publish the report</h1>
          <p className="muted">
            What “{meta.title}” looks like when published, and the files to download. You are <RoleBadge role={meta.role} />.
          </p>
        </header>

        <div className="export-page__body">
          <section className="export-preview" aria-labelledby="export-preview-title">
            <div className="export-preview__bar">
              <h2 id="export-preview-title" className="panel-title">
                {scope === 'consensus' ? 'Preview: agreed text only' : 'Preview: working draft'}
              </h2>
              <span className="muted export-preview__when" aria-live="polite">
                {loading
                  ? 'Updating…'
                  : loadedAt
                    ? `as of ${loadedAt.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' })}`
                    : ''}
              </span>
              <button className="button button--quiet" onClick={load} disabled={loading} data-testid="export-refresh">
                Refresh
              </button>
            </div>
            {error && (
              <p className="form__error" role="alert">
                The preview could not be loaded: {error}{' '}
                <button className="button button--link" onClick={load}>
                  Try again
                </button>
              </p>
            )}
            {!shown && !error && <p className="muted">Loading the preview…</p>}
            {shown && <PreviewBlocks preview={shown} paths={paths} />}
          </section>

          <aside className="export-options" aria-label="Export options">
            <div className="export-counts" data-testid="export-counts">
              <div className="export-count export-count--in">
                <span className="export-count__n" data-testid="export-included">
                  {shown ? shown.included : '–'}
                </span>
                <span className="export-count__label">{shown && shown.included === 1 ? 'block published' : 'blocks published'}</span>
              </div>
              <div className="export-count export-count--out">
                <span className="export-count__n" data-testid="export-excluded">
                  {shown ? shown.excluded : '–'}
                </span>
                <span className="export-count__label">left out</span>
              </div>
            </div>
            {shown && (
              <p className="export-options__note muted">
                {scope === 'consensus'
                  ? shown.excluded === 0
                    ? total === 0
                      ? 'The document is empty.'
                      : 'Every block is agreed: the whole document will be published.'
                    : `${plural(shown.excluded, 'block')} not agreed by the commission ${shown.excluded === 1 ? 'is' : 'are'} left out, shown greyed in the preview.`
                  : 'The working draft contains every block, each marked with its status.'}
              </p>
            )}

            <fieldset className="export-fieldset">
              <legend>What to publish</legend>
              <label className="export-choice">
                <input
                  type="radio"
                  name="scope"
                  value="consensus"
                  checked={scope === 'consensus'}
                  onChange={() => setScope('consensus')}
                  data-testid="scope-consensus"
                />
                <span>
                  <strong>Consensus</strong>
                  <span className="muted">Only the text the whole commission agreed on.</span>
                </span>
              </label>
              <label className="export-choice">
                <input
                  type="radio"
                  name="scope"
                  value="draft"
                  checked={scope === 'draft'}
                  onChange={() => setScope('draft')}
                  data-testid="scope-draft"
                />
                <span>
                  <strong>Working draft</strong>
                  <span className="muted">Everything, each block marked with its status.</span>
                </span>
              </label>
              <label className="export-choice export-choice--check">
                <input type="checkbox" checked={record} onChange={(e) => setRecord(e.target.checked)} data-testid="include-record" />
                <span>
                  <strong>Include the consensus record</strong>
                  <span className="muted">For every block: who agreed, when, and the rule in force.</span>
                </span>
              </label>
            </fieldset>

            <fieldset className="export-fieldset">
              <legend>Say what was left out</legend>
              <label className="export-choice export-choice--check">
                <input
                  type="checkbox"
                  checked={options.placeholders}
                  disabled={scope !== 'consensus'}
                  onChange={(e) => setPlaceholders(e.target.checked)}
                  data-testid="include-placeholders"
                />
                <span>
                  <strong>Mark withheld paragraphs</strong>
                  <span className="muted">
                    {scope === 'consensus'
                      ? 'Put “[Paragraph withheld: not agreed]” where each left-out block stood.'
                      : 'Only for the consensus text: the working draft leaves nothing out.'}
                  </span>
                </span>
              </label>
              <label className="export-choice export-choice--select">
                <span>
                  <strong>Annex of dissent</strong>
                  <span className="muted">Each disputed block’s text with the reasons given.</span>
                </span>
                <select value={dissent} onChange={(e) => setDissent(e.target.value as DissentAnnexMode)} data-testid="dissent-annex">
                  <option value="none">No annex</option>
                  <option value="anonymous">Annex, reasons without names</option>
                  <option value="attributed">Annex, each reason with its commissioner’s name</option>
                </select>
              </label>
            </fieldset>

            <div className="export-downloads">
              <h2 className="panel-title">Download</h2>
              <p className="muted export-downloads__name" data-testid="export-filename">
                Files are named <code>{exportFilename(meta.title, scope, 'docx', fileOptions).replace(/\.docx$/, '.…')}</code>, so exports
                with different contents never share a name.
              </p>
              <ul className="export-files">
                {EXPORT_FILES.map((file) => (
                  <li key={file.format}>
                    <a
                      className="export-file"
                      href={publishApi.exportUrl(meta.id, file.format, options)}
                      download=""
                      data-testid={`download-${file.format}`}
                    >
                      <span className="export-file__label">{file.label}</span>
                      <span className="export-file__what muted">{file.what}</span>
                    </a>
                  </li>
                ))}
                <li>
                  <a
                    className="export-file export-file--manifest"
                    href={publishApi.manifestUrl(meta.id, options)}
                    download={exportFilename(meta.title, scope, 'manifest.json', fileOptions)}
                    data-testid="download-manifest"
                  >
                    <span className="export-file__label">Manifest</span>
                    <span className="export-file__what muted">.json · SHA-256 of every block and file, to verify the report</span>
                  </a>
                </li>
              </ul>
            </div>

            <div className="export-explain">
              <p>
                <strong>Reproducible.</strong> The same document state and the same options always give byte-identical files, so a published
                report can be checked against Concord at any time.
              </p>
              <p>
                <strong>The manifest</strong> lists the SHA-256 fingerprint of every exported block and of each file. Publish it alongside
                the report: anyone can then verify that the report is exactly the text the commission agreed.
              </p>
            </div>
          </aside>
        </div>
      </main>
    </>
  );
}
