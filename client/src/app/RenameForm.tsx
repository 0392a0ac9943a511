import { useState, type SubmitEvent } from 'react';
import { docsApi } from '../api';

/** Inline rename of a document (authors only; the server checks). */
export function RenameForm({ docId, title, onDone }: { docId: string; title: string; onDone: (title: string | null) => void }) {
  const [value, setValue] = useState(title);
  const [error, setError] = useState<string | null>(null);
  async function submit(event: SubmitEvent) {
    event.preventDefault();
    const next = value.trim();
    if (!next) return setError('The title cannot be empty.');
    if (next === title) return onDone(null);
    try {
      const renamed = await docsApi.rename(docId, next);
      onDone(renamed.title);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  }
  return (
    <form className="rename-form" onSubmit={submit}>
      <input
        aria-label="Document title"
        value={value}
        onChange={(e) => setValue(e.target.value)}
        maxLength={200}
        autoFocus
        onKeyDown={(e) => e.key === 'Escape' && onDone(null)}
      />
      <button type="submit" className="button button--primary">
        Save
      </button>
      <button type="button" className="button" onClick={() => onDone(null)}>
        Cancel
      </button>
      {error && (
        <span className="form__error" role="alert">
          {error}
        </span>
      )}
    </form>
  );
}
