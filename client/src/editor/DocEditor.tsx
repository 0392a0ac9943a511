/** The document body: TipTap bound to the session's Y.Doc. */
import { useEffect } from 'react';
import { EditorContent, useEditor, type Editor } from '@tiptap/react';
import type { Extensions } from '@tiptap/core';
import type { DocSession } from '../sync/doc-session';
import { editorExtensions } from './extensions';

export interface DocEditorProps {
  session: DocSession;
  user: { name: string; color: string };
  editable: boolean;
  extra?: Extensions;
  onEditor?: (editor: Editor | null) => void;
}

export function DocEditor({ session, user, editable, extra, onEditor }: DocEditorProps) {
  const editor = useEditor(
    {
      extensions: editorExtensions({ doc: session.doc, provider: session.provider, user, ...(extra ? { extra } : {}) }),
      editable,
      editorProps: {
        attributes: { class: 'prose', 'aria-label': 'Document text', 'data-testid': 'editor', spellcheck: 'true' },
      },
    },
    [session],
  );

  useEffect(() => {
    if (editor && editor.isEditable !== editable) editor.setEditable(editable, false);
  }, [editor, editable]);

  useEffect(() => {
    onEditor?.(editor);
    return () => onEditor?.(null);
  }, [editor, onEditor]);

  return <EditorContent editor={editor} className="doc-editor" />;
}
