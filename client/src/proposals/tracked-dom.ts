/**
 * The inline tracked-change view of proposals under their block: insertions
 * underlined, deletions struck through, in the proposer's colour. Plain DOM
 * (it is an editor decoration); text only ever goes in as text nodes.
 */
import type { WordDiffPart } from '@concord/shared';

export interface TrackedItem {
  id: string;
  who: string;
  color: string | null;
  parts: readonly WordDiffPart[];
  outdated: boolean;
}

export function trackedChangeElement(items: readonly TrackedItem[]): HTMLElement {
  const box = document.createElement('div');
  box.className = 'tracked-changes';
  box.contentEditable = 'false';
  for (const item of items) {
    const row = document.createElement('div');
    row.className = 'tracked-change' + (item.outdated ? ' is-outdated' : '');
    row.dataset.testid = 'tracked-change';
    row.dataset.proposalId = item.id;
    if (item.color) row.style.setProperty('--suggester', item.color);
    const who = document.createElement('span');
    who.className = 'tracked-change__who';
    who.textContent = `${item.who}${item.id === 'draft' ? '' : ' suggests'}${item.outdated ? ' (on older text)' : ''}: `;
    row.append(who, ...diffNodes(item.parts));
    box.append(row);
  }
  return box;
}

function diffNodes(parts: readonly WordDiffPart[]): Node[] {
  return parts.map((part) => {
    if (part.op === 'equal') return document.createTextNode(part.text);
    const el = document.createElement(part.op === 'insert' ? 'ins' : 'del');
    el.textContent = part.text;
    return el;
  });
}
