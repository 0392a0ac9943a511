/**
 * Inserts a figure: pick an image file, upload it (the server checks it is a
 * PNG, JPEG or WebP by its content and stores it for this document), then
 * insert a figure naming it by hash, with an empty caption to type into.
 */
import { useRef, useState } from 'react';
import type { Editor } from '@tiptap/react';
import { uploadImage } from '../../api/images';
import { ApiError } from '../../api/http';

export function FigureButton({ docId, editor }: { docId: string; editor: Editor }) {
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function upload(file: File) {
    setBusy(true);
    setError(null);
    try {
      const image = await uploadImage(docId, file);
      const alt = file.name.replace(/\.[^.]+$/, '').slice(0, 200);
      editor
        .chain()
        .focus()
        .insertContent({ type: 'figure', attrs: { image: image.hash, alt } })
        .run();
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'The image could not be uploaded.');
    } finally {
      setBusy(false);
      if (input.current) input.current.value = '';
    }
  }

  return (
    <>
      <button
        type="button"
        className="format-button format-button--figure"
        title="Insert figure (PNG, JPEG or WebP)"
        disabled={busy || !editor.isEditable}
        onMouseDown={(e) => e.preventDefault()}
        onClick={() => input.current?.click()}
        data-testid="format-figure"
      >
        <span aria-hidden="true">Fig</span>
        <span className="visually-hidden">Insert figure</span>
      </button>
      <input
        ref={input}
        type="file"
        accept="image/png,image/jpeg,image/webp"
        hidden
        onChange={(e) => {
          const file = e.target.files?.[0];
          if (file) void upload(file);
        }}
        data-testid="figure-file"
      />
      {error && (
        <span className="form__error" role="alert" data-testid="figure-error">
          {error}
        </span>
      )}
    </>
  );
}
