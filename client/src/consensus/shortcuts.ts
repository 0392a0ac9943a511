/** The consensus keyboard shortcuts, once: bound by the gutter, shown in the legend and in button titles. */

export const SHORTCUTS = {
  agree: { keys: 'Mod-Alt-a', what: 'Agree with the paragraph at the cursor' },
  dispute: { keys: 'Mod-Alt-d', what: 'Dispute the paragraph at the cursor (asks for a reason)' },
  next: { keys: 'Mod-Alt-n', what: 'Go to the next paragraph that needs your review' },
} as const;

export type ShortcutId = keyof typeof SHORTCUTS;

/** The key that opens the list of every shortcut (pages/editor/ShortcutList.tsx). */
export const SHORTCUT_LIST_LABEL = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.userAgent) ? '⌘/' : 'Ctrl+/';

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.userAgent);

/** "Ctrl+Alt+A" (or "⌘⌥A" on a Mac) for people. */
export function shortcutLabel(id: ShortcutId): string {
  const parts = SHORTCUTS[id].keys.split('-');
  const key = parts.pop()!.toUpperCase();
  if (isMac) return parts.map((p) => (p === 'Mod' ? '⌘' : p === 'Alt' ? '⌥' : p)).join('') + key;
  return [...parts.map((p) => (p === 'Mod' ? 'Ctrl' : p)), key].join('+');
}

/** "Agree (Ctrl+Alt+A)" for a button title. */
export function withShortcut(label: string, id: ShortcutId): string {
  return `${label} (${shortcutLabel(id)})`;
}
