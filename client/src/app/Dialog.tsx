/** A modal dialog on the native <dialog> element: focus trap, Escape and backdrop for free. */
import { useEffect, useRef, type ReactNode } from 'react';

export function Dialog({ title, onClose, children, testId }: { title: string; onClose: () => void; children: ReactNode; testId?: string }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);
  return (
    <dialog ref={ref} className="dialog" aria-labelledby="dialog-title" onClose={onClose} onCancel={onClose} data-testid={testId}>
      <h2 id="dialog-title" className="dialog__title">
        {title}
      </h2>
      {children}
    </dialog>
  );
}

/**
 * The end of a dialog's form: its error, if any, then Cancel and the submit
 * button, which names what is under way while the request runs.
 */
export function DialogFormActions({
  error,
  busy,
  onCancel,
  submit,
  busyLabel,
  submitTestId,
}: {
  error: string | null;
  busy: boolean;
  onCancel: () => void;
  submit: string;
  busyLabel: string;
  submitTestId?: string;
}) {
  return (
    <>
      {error && (
        <p className="form__error" role="alert">
          {error}
        </p>
      )}
      <div className="dialog__actions">
        <button type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className="button button--primary" disabled={busy} data-testid={submitTestId}>
          {busy ? busyLabel : submit}
        </button>
      </div>
    </>
  );
}
