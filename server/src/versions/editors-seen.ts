/**
 * Who edited, and which blocks, since the document's last version — and the hand-over
 * to the version that holds their edits. A version lists exactly the people whose
 * edits it is the first to contain: those made before its capture read the document.
 * So they move from the pending set at that moment (moveEditors, called by the capture
 * as it reads), not when the version is stored: anyone who types while the checkpoint
 * is summarised and stored stays pending for the next one, whose content has their text.
 */
export interface EditorsSeen {
  editors: Set<string>;
  /** Per block id: who changed it. */
  blockEditors: Map<string, Set<string>>;
}

export function noEditors(): EditorsSeen {
  return { editors: new Set(), blockEditors: new Map() };
}

/** Adds everyone in `from` to `to` and empties `from`. */
export function moveEditors(from: EditorsSeen, to: EditorsSeen): void {
  for (const userId of from.editors) to.editors.add(userId);
  for (const [blockId, users] of from.blockEditors) {
    const into = to.blockEditors.get(blockId);
    if (into) for (const userId of users) into.add(userId);
    else to.blockEditors.set(blockId, users);
  }
  from.editors.clear();
  from.blockEditors.clear();
}
