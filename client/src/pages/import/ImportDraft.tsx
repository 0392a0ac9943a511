/**
 * "Import a draft": choose a Markdown, HTML or Word file, upload it with a
 * progress bar, then read the import report (what was kept, what was left out
 * and why) before opening the new document. Loaded on first use
 * (ImportDraftButton.tsx): the document list does not need it to render.
 */
import { useEffect, useRef, useState, type DragEvent, type SubmitEvent } from 'react';
import type { ImportResult } from '../../api';
import { IMPORT_ACCEPT, IMPORT_MAX_BYTES, ImportFailure, importFormatOf, publishApi, type ImportUpload } from '../../api/publish';
import { Dialog } from '../../app/Dialog';
import { docPath, navigate } from '../../app/router';
import { ImportReportView } from './ImportReportView';
import '../../app/styles/publish.css';

type Phase = { step: 'choose' } | { step: 'uploading'; loaded: number; total: number } | { step: 'done'; result: ImportResult };

interface Problem {
  title: string;
  detail: string;
}

const FORMAT_NAMES = { md: 'Markdown', html: 'HTML', docx: 'Word' } as const;

function megabytes(bytes: number): string {
  const mb = bytes / 1024 / 1024;
  return mb >= 10 ? `${Math.round(mb)} MB` : mb >= 1 ? `${mb.toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

/** A refused file, before or after upload, in words that say what to do. */
function checkFile(file: File): Problem | null {
  if (!importFormatOf(file.name)) {
    return {
      title: 'Concord cannot import this kind of file',
      detail: `“${file.name}” is not a Markdown (.md), HTML (.html) or Word (.docx) file.`,
    };
  }
  if (file.size > IMPORT_MAX_BYTES)
    return {
      title: 'This file is too large',
      detail: `“${file.name}” is ${megabytes(file.size)}; the import limit is ${megabytes(IMPORT_MAX_BYTES)}.`,
    };
  if (file.size === 0) return { title: 'This file is empty', detail: `“${file.name}” has nothing in it.` };
  return null;
}

function describeFailure(err: unknown): Problem {
  if (!(err instanceof ImportFailure)) return { title: 'The import failed', detail: err instanceof Error ? err.message : String(err) };
  switch (err.importError) {
    case 'too_large':
      return { title: 'This file is too large', detail: err.message };
    case 'unsupported_format':
      return { title: 'Concord cannot import this kind of file', detail: err.message };
    case 'content_mismatch':
      return { title: 'This file is not what its name says', detail: err.message };
    case 'malformed':
      return {
        title: 'This file could not be read',
        detail: `${err.message} It may be damaged; try saving it again from your word processor.`,
      };
    case 'empty':
      return { title: 'This file is empty', detail: err.message };
  }
  if (err.status === 401) return { title: 'You are signed out', detail: 'Your session has expired. Sign in again, then import the file.' };
  if (err.status === 0)
    return { title: err.code === 'aborted' ? 'Import cancelled' : 'The server could not be reached', detail: err.message };
  return { title: 'The import failed', detail: err.message };
}

export function ImportDialog({ onClose, onImported }: { onClose: () => void; onImported?: () => void }) {
  const [file, setFile] = useState<File | null>(null);
  const [title, setTitle] = useState('');
  const [phase, setPhase] = useState<Phase>({ step: 'choose' });
  const [problem, setProblem] = useState<Problem | null>(null);
  const [dragging, setDragging] = useState(false);
  const upload = useRef<ImportUpload | null>(null);
  const input = useRef<HTMLInputElement>(null);

  // Closing the dialog mid-upload cancels the upload.
  useEffect(() => () => upload.current?.abort(), []);

  function choose(next: File | null) {
    setFile(next);
    setProblem(next ? checkFile(next) : null);
  }

  async function submit(event: SubmitEvent) {
    event.preventDefault();
    if (!file) return setProblem({ title: 'Choose a file first', detail: 'Pick a Markdown, HTML or Word file from your computer.' });
    const refused = checkFile(file);
    if (refused) return setProblem(refused);
    setProblem(null);
    setPhase({ step: 'uploading', loaded: 0, total: file.size });
    const current = publishApi.importFile(file, title, ({ loaded, total }) =>
      setPhase((p) => (p.step === 'uploading' ? { step: 'uploading', loaded, total } : p)),
    );
    upload.current = current;
    try {
      const result = await current.promise;
      setPhase({ step: 'done', result });
      onImported?.();
    } catch (err) {
      setPhase({ step: 'choose' });
      setProblem(describeFailure(err));
    } finally {
      upload.current = null;
    }
  }

  function onDrop(event: DragEvent) {
    event.preventDefault();
    setDragging(false);
    const dropped = event.dataTransfer.files[0];
    if (dropped) choose(dropped);
  }

  const format = file ? importFormatOf(file.name) : undefined;

  return (
    <Dialog title={phase.step === 'done' ? 'Draft imported' : 'Import a draft'} onClose={onClose} testId="import-dialog">
      <div className="import-dialog">
        {phase.step === 'choose' && (
          <form className="form" onSubmit={submit}>
            <label
              className={`import-drop${dragging ? ' import-drop--over' : ''}${file ? ' import-drop--chosen' : ''}`}
              onDragOver={(e) => (e.preventDefault(), setDragging(true))}
              onDragLeave={() => setDragging(false)}
              onDrop={onDrop}
            >
              <input
                ref={input}
                type="file"
                accept={IMPORT_ACCEPT}
                className="import-drop__input"
                onChange={(e) => choose(e.target.files?.[0] ?? null)}
                data-testid="import-file"
              />
              {file ? (
                <>
                  <span className="import-drop__name" data-testid="import-file-name">
                    {file.name}
                  </span>
                  <span className="muted">
                    {format ? FORMAT_NAMES[format] : 'Unknown type'} · {megabytes(file.size)} ·{' '}
                    <span className="import-drop__change">choose another</span>
                  </span>
                </>
              ) : (
                <>
                  <span className="import-drop__cta">Choose a file</span>
                  <span className="muted">or drop it here</span>
                </>
              )}
            </label>
            <p className="import-dialog__hint muted">
              Markdown (.md), HTML (.html) or Word (.docx), up to {megabytes(IMPORT_MAX_BYTES)}. Headings, paragraphs, lists, quotes, bold,
              italic, links and footnote markers are kept.
            </p>
            <label className="field">
              <span>
                Title <span className="muted">(optional)</span>
              </span>
              <input
                value={title}
                onChange={(e) => setTitle(e.target.value)}
                maxLength={200}
                placeholder={file ? file.name.replace(/\.[^.]+$/, '') : 'The file name, if left empty'}
                data-testid="import-title"
              />
            </label>
            {problem && (
              <div className="import-problem" role="alert" data-testid="import-error">
                <strong>{problem.title}</strong>
                <span>{problem.detail}</span>
              </div>
            )}
            <div className="dialog__actions">
              <button type="button" className="button" onClick={onClose}>
                Cancel
              </button>
              <button
                type="submit"
                className="button button--primary"
                disabled={!file || checkFile(file) !== null}
                data-testid="import-submit"
              >
                Import
              </button>
            </div>
          </form>
        )}

        {phase.step === 'uploading' && file && (
          <UploadProgressView file={file} loaded={phase.loaded} total={phase.total} onCancel={() => upload.current?.abort()} />
        )}

        {phase.step === 'done' && (
          <>
            <ImportReportView result={phase.result} />
            <div className="dialog__actions">
              <button
                type="button"
                className="button"
                onClick={() => {
                  setFile(null);
                  setTitle('');
                  setPhase({ step: 'choose' });
                }}
              >
                Import another
              </button>
              <button
                type="button"
                className="button button--primary"
                onClick={() => navigate(docPath(phase.result.id))}
                data-testid="import-open"
                autoFocus
              >
                Open document
              </button>
            </div>
          </>
        )}
      </div>
    </Dialog>
  );
}

function UploadProgressView({ file, loaded, total, onCancel }: { file: File; loaded: number; total: number; onCancel: () => void }) {
  const sent = total > 0 && loaded >= total;
  const percent = total > 0 ? Math.min(100, Math.round((loaded / total) * 100)) : 0;
  return (
    <div className="import-progress" data-testid="import-progress" data-state={sent ? 'processing' : 'uploading'}>
      <p className="import-progress__name">{file.name}</p>
      <div
        className={`import-bar${sent ? ' import-bar--busy' : ''}`}
        role="progressbar"
        aria-label={sent ? 'Converting' : 'Uploading'}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={sent ? undefined : percent}
        data-testid="import-progressbar"
      >
        <div className="import-bar__fill" style={{ width: `${sent ? 100 : percent}%` }} />
      </div>
      <p className="muted import-progress__text" aria-live="polite">
        {sent ? 'Uploaded. Converting it into a Concord document…' : `Uploading… ${percent}% (${megabytes(loaded)} of ${megabytes(total)})`}
      </p>
      {!sent && (
        <div className="dialog__actions">
          <button type="button" className="button" onClick={onCancel}>
            Cancel
          </button>
        </div>
      )}
    </div>
  );
}
