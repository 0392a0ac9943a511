/**
 * The formatting toolbar's buttons, as data: a later feature (footnotes,
 * tables, figures, suggesting mode) adds a group or an item here and the
 * toolbar draws it. Each item says what it does, its shortcut, when it is on
 * and when it can run.
 */
import type { Editor } from '@tiptap/core';

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
];
