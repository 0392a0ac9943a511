/**
 * The bar above the document, sticky under the header: buttons that open the
 * outline and the side panels where they are drawers (narrow screens), the
 * formatting toolbar for people who may edit, and the word count.
 */
import type { Editor } from '@tiptap/react';
import { FormatToolbar } from './FormatToolbar';
import { WordCount } from './WordCount';
import { ModeToggle } from '../../proposals/ModeToggle';
import type { Drawer } from './use-drawer';
import '../../app/styles/doc-tools.css';

export type { Drawer };

export function DocTools({
  docId,
  editor,
  editable,
  drawer,
  onDrawer,
}: {
  docId: string;
  editor: Editor | null;
  editable: boolean;
  drawer: Drawer | null;
  onDrawer: (d: Drawer | null) => void;
}) {
  return (
    <div className="doc-tools" data-testid="doc-tools">
      <button
        className="button drawer-toggle drawer-toggle--outline"
        aria-expanded={drawer === 'outline'}
        aria-controls="drawer-outline"
        onClick={() => onDrawer(drawer === 'outline' ? null : 'outline')}
        data-testid="open-outline"
      >
        ☰ Outline
      </button>
      {editable && editor && <FormatToolbar docId={docId} editor={editor} />}
      {editable && editor && <ModeToggle editor={editor} />}
      <span className="doc-tools__spacer" />
      {editor && <WordCount editor={editor} />}
      <button
        className="button drawer-toggle drawer-toggle--panels"
        aria-expanded={drawer === 'panels'}
        aria-controls="drawer-panels"
        onClick={() => onDrawer(drawer === 'panels' ? null : 'panels')}
        data-testid="open-panels"
      >
        Votes &amp; comments
      </button>
    </div>
  );
}
