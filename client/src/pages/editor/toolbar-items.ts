/**
 * The formatting toolbar's buttons, as data: a later feature (footnotes,
 * tables, figures, suggesting mode) adds a group or an item here and the
 * toolbar draws it. Each item says what it does, its shortcut, when it is on
 * and when it can run.
 */
import type { Editor } from '@tiptap/core';
import { insertFootnote } from '../../editor/report/insert-footnote';

export interface ToolbarItem {
  id: string;
  /** Accessible name and tooltip. */
  label: string;
  /** What the button shows (a glyph or a short word). */
  face: string;
  /** Shown in the tooltip and in the shortcut list, e.g. "Ctrl+B". */
  shortcut?: string;
  isActive?: (editor: Editor) => boolean;
  canRun?: (editor: Editor) => boolean;
  run: (editor: Editor) => void;
}

export interface ToolbarGroup {
  id: string;
  label: string;
  items: ToolbarItem[];
}

const chain = (editor: Editor) => editor.chain().focus();
/** The collaboration extension adds undo/redo commands; typed loosely so the toolbar does not depend on it. */
const historyCommand = (editor: Editor, name: 'undo' | 'redo'): boolean => {
  const commands = editor.commands as unknown as Record<string, (() => boolean) | undefined>;
  return commands[name]?.() ?? false;
};
const canHistory = (editor: Editor, name: 'undo' | 'redo'): boolean => {
  const can = editor.can() as unknown as Record<string, (() => boolean) | undefined>;
  return can[name]?.() ?? false;
};

function heading(level: 1 | 2 | 3): ToolbarItem {
  return {
    id: `heading-${level}`,
    label: `Heading ${level}`,
    face: `H${level}`,
    shortcut: `Ctrl+Alt+${level}`,
    isActive: (e) => e.isActive('heading', { level }),
    run: (e) => chain(e).toggleHeading({ level }).run(),
  };
}

export const TOOLBAR_GROUPS: ToolbarGroup[] = [
  {
    id: 'history',
    label: 'Undo and redo',
    items: [
      {
        id: 'undo',
        label: 'Undo',
        face: '↶',
        shortcut: 'Ctrl+Z',
        canRun: (e) => canHistory(e, 'undo'),
        run: (e) => void historyCommand(e, 'undo'),
      },
      {
        id: 'redo',
        label: 'Redo',
        face: '↷',
        shortcut: 'Ctrl+Shift+Z',
        canRun: (e) => canHistory(e, 'redo'),
        run: (e) => void historyCommand(e, 'redo'),
      },
    ],
  },
  {
    id: 'blocks',
    label: 'Paragraph style',
    items: [
      heading(1),
      heading(2),
      heading(3),
      {
        id: 'paragraph',
        label: 'Normal text',
        face: '¶',
        shortcut: 'Ctrl+Alt+0',
        isActive: (e) => e.isActive('paragraph') && !e.isActive('listItem') && !e.isActive('blockquote'),
        run: (e) => chain(e).setParagraph().run(),
      },
    ],
  },
  {
    id: 'marks',
    label: 'Text style',
    items: [
      {
        id: 'bold',
        label: 'Bold',
        face: 'B',
        shortcut: 'Ctrl+B',
        isActive: (e) => e.isActive('bold'),
        run: (e) => chain(e).toggleBold().run(),
      },
      {
        id: 'italic',
        label: 'Italic',
        face: 'I',
        shortcut: 'Ctrl+I',
        isActive: (e) => e.isActive('italic'),
        run: (e) => chain(e).toggleItalic().run(),
      },
      {
        id: 'underline',
        label: 'Underline',
        face: 'U',
        shortcut: 'Ctrl+U',
        isActive: (e) => e.isActive('underline'),
        run: (e) => chain(e).toggleUnderline().run(),
      },
    ],
  },
  {
    id: 'lists',
    label: 'Lists and quotes',
    items: [
      {
        id: 'bullet-list',
        label: 'Bulleted list',
        face: '•≡',
        shortcut: 'Ctrl+Shift+8',
        isActive: (e) => e.isActive('bulletList'),
        run: (e) => chain(e).toggleBulletList().run(),
      },
      {
        id: 'ordered-list',
        label: 'Numbered list',
        face: '1≡',
        shortcut: 'Ctrl+Shift+7',
        isActive: (e) => e.isActive('orderedList'),
        run: (e) => chain(e).toggleOrderedList().run(),
      },
      {
        id: 'quote',
        label: 'Quote',
        face: '❝',
        shortcut: 'Ctrl+Shift+B',
        isActive: (e) => e.isActive('blockquote'),
        run: (e) => chain(e).toggleBlockquote().run(),
      },
    ],
  },
  {
    id: 'report',
    label: 'Report content',
    items: [
      {
        id: 'footnote',
        label: 'Insert footnote',
        face: '¹',
        shortcut: 'Ctrl+Alt+F',
        canRun: (e) => e.can().insertContentAt(e.state.selection.to, { type: 'footnote' }),
        run: insertFootnote,
      },
      {
        id: 'recommendation',
        label: 'Recommendation (numbered)',
        face: 'R№',
        isActive: (e) => e.isActive('paragraph', { recommendation: true }),
        canRun: (e) => e.isActive('paragraph'),
        run: (e) =>
          chain(e)
            .updateAttributes('paragraph', { recommendation: !e.isActive('paragraph', { recommendation: true }) })
            .run(),
      },
      {
        id: 'recommendation-list',
        label: 'Insert the list of recommendations',
        face: 'R≡',
        canRun: (e) => e.can().insertContent({ type: 'recommendationList' }),
        run: (e) => chain(e).insertContent({ type: 'recommendationList' }).run(),
      },
      {
        id: 'table',
        label: 'Insert table',
        face: '▦',
        canRun: (e) => !e.isActive('table') && e.can().insertTable({ rows: 3, cols: 3, withHeaderRow: true }),
        run: (e) => chain(e).insertTable({ rows: 3, cols: 3, withHeaderRow: true }).run(),
      },
    ],
  },
  {
    id: 'table-edit',
    label: 'Table rows and columns',
    items: [
      tableItem('table-add-row', 'Add row below', '+row', (e) => chain(e).addRowAfter().run()),
      tableItem('table-delete-row', 'Delete row', '−row', (e) => chain(e).deleteRow().run()),
      tableItem('table-add-column', 'Add column to the right', '+col', (e) => chain(e).addColumnAfter().run()),
      tableItem('table-delete-column', 'Delete column', '−col', (e) => chain(e).deleteColumn().run()),
      tableItem('table-delete', 'Delete table', '✕▦', (e) => chain(e).deleteTable().run()),
    ],
  },
];

/** Table commands run only with the caret in a table. */
function tableItem(id: string, label: string, face: string, run: (editor: Editor) => void): ToolbarItem {
  return { id, label, face, canRun: (e) => e.isActive('table'), run };
}
