/**
 * The document list's "Import a draft" button. The dialog behind it (upload,
 * progress, import report) is its own chunk, fetched when first opened.
 */
import { lazy, Suspense, useState } from 'react';
import '../../app/styles/publish.css'; // also lays out the document list's title row around this button

const ImportDialog = lazy(() => import('./ImportDraft').then((m) => ({ default: m.ImportDialog })));

export function ImportDraftButton({ onImported }: { onImported?: () => void }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" className="button import-draft" onClick={() => setOpen(true)} data-testid="import-draft">
        Import a draft
      </button>
      {open && (
        <Suspense fallback={null}>
          <ImportDialog onClose={() => setOpen(false)} onImported={onImported} />
        </Suspense>
      )}
    </>
  );
}
