/**
 * Numbers as the editor shows them, computed like the exports do
 * (shared/src/export/numbering.ts): in document order, and a note without text
 * gets no number (it is a broken reference). The notes list and the
 * recommendations list read these; the text's own numbers come from
 * report-numbering.ts, which numbers the same way.
 */
import type { Node as PMNode } from '@tiptap/pm/model';

export interface EditorNote {
  number: number;
  pos: number;
  text: string;
}

export interface EditorRecommendation {
  number: number;
  pos: number;
  text: string;
}

export function noteText(node: PMNode): string {
  return node.textContent;
}

/** Every numbered note of the document, in order. */
export function editorNotes(doc: PMNode): EditorNote[] {
  const notes: EditorNote[] = [];
  doc.descendants((node, pos) => {
    if (node.type.name !== 'footnote') return true;
    const text = noteText(node);
    if (text !== '') notes.push({ number: notes.length + 1, pos, text });
    return false;
  });
  return notes;
}

export function editorRecommendations(doc: PMNode): EditorRecommendation[] {
  const found: EditorRecommendation[] = [];
  doc.descendants((node, pos) => {
    if (node.type.name === 'paragraph') {
      if (node.attrs.recommendation === true) found.push({ number: found.length + 1, pos, text: node.textContent });
      return false;
    }
    // Tables and figures hold no paragraphs; lists and quotes do.
    return node.type.name !== 'table' && node.type.name !== 'figure';
  });
  return found;
}
