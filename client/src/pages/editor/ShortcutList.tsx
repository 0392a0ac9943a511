/**
 * Every keyboard shortcut of the editor page in one list, on Ctrl+/ (⌘/ on a
 * Mac) from anywhere on the page (issue 14 #7). Built from the same data the
 * toolbar and the consensus keys use, so the list cannot drift from them.
 */
import { useEffect, useState } from 'react';
import { Dialog } from '../../app/Dialog';
import { SHORTCUT_LIST_LABEL, SHORTCUTS, shortcutLabel, type ShortcutId } from '../../consensus/shortcuts';
import { TOOLBAR_GROUPS } from './toolbar-items';

interface Row {
  keys: string;
  what: string;
}

function sections(editable: boolean, canVote: boolean): { title: string; rows: Row[] }[] {
  const out: { title: string; rows: Row[] }[] = [];
  if (canVote) {
    out.push({
      title: 'Voting',
      rows: [
        ...(Object.keys(SHORTCUTS) as ShortcutId[]).map((id) => ({ keys: shortcutLabel(id), what: SHORTCUTS[id].what })),
        { keys: 'Ctrl+Enter', what: 'Send the dispute you are writing' },
        { keys: 'Tab (in the text)', what: 'Go to “At the cursor”: vote on the paragraph at the cursor' },
      ],
    });
  }
  if (editable) {
    for (const group of TOOLBAR_GROUPS) {
      const rows = group.items.flatMap((item) => (item.shortcut ? [{ keys: item.shortcut, what: item.label }] : []));
      if (rows.length > 0) out.push({ title: group.label, rows });
    }
  }
  out.push({
    title: 'Anywhere',
    rows: [
      { keys: SHORTCUT_LIST_LABEL, what: 'Show this list' },
      { keys: 'Escape', what: 'Close a dialog or popover (back to the text)' },
    ],
  });
  return out;
}

export function ShortcutListDialog({ editable, canVote, onClose }: { editable: boolean; canVote: boolean; onClose: () => void }) {
  return (
    <Dialog title="Keyboard shortcuts" onClose={onClose} testId="shortcut-list">
      {sections(editable, canVote).map((section) => (
        <section key={section.title} className="shortcut-list__section">
          <h3 className="shortcut-list__title">{section.title}</h3>
          <table className="cg-legend__keys">
            <tbody>
              {section.rows.map((row) => (
                <tr key={row.keys + row.what}>
                  <td>
                    <kbd>{row.keys}</kbd>
                  </td>
                  <td>{row.what}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ))}
      <div className="dialog__actions">
        <button className="button button--primary" onClick={onClose} autoFocus>
          Close
        </button>
      </div>
    </Dialog>
  );
}

/** Ctrl+/ (or ⌘/) toggles the list; returns whether it is open and how to close it. */
export function useShortcutList(): [boolean, () => void] {
  const [open, setOpen] = useState(false);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== '/' || !(e.ctrlKey || e.metaKey) || e.altKey) return;
      e.preventDefault();
      setOpen((o) => !o);
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);
  return [open, () => setOpen(false)];
}
