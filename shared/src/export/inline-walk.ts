/**
 * Walks inline content as a flat sequence of mark opens, closes, text and
 * hard breaks, keeping outer marks open across nodes (a bold run that gains an
 * italic word stays one bold run). Used by the Markdown and HTML renderers.
 */
import type { FootnoteNode, InlineNode, MarkJSON } from './doc-model.js';
import { assertNever, markRank, sameMark } from './doc-model.js';
import { safeHref } from './links.js';
import { cleanText } from './text.js';

export interface InlineVisitor {
  open(mark: MarkJSON): void;
  close(mark: MarkJSON): void;
  text(text: string): void;
  hardBreak(): void;
  /** A footnote reference at this place (its number and text are the renderer's business). */
  footnote(node: FootnoteNode): void;
}

export interface WalkOptions {
  /**
   * Marks that must not start or end on whitespace (Markdown emphasis): on a
   * whitespace-only piece (leading/trailing spaces, hard breaks) such a mark is
   * kept only where the neighbouring node on that side has it too.
   */
  trimsWhitespace?: (mark: MarkJSON) => boolean;
  /** Drop hard breaks at the very end (Markdown cannot express them there). */
  dropTrailingBreaks?: boolean;
}

interface Piece {
  kind: 'text' | 'break' | 'footnote';
  text: string;
  marks: MarkJSON[];
  note?: FootnoteNode;
}

/** Links with an address outside the link policy are dropped: their text stays, as plain text. */
export function effectiveMarks(marks: readonly MarkJSON[] | undefined): MarkJSON[] {
  if (!marks || marks.length === 0) return NO_MARKS;
  if (marks.length === 1) return marks[0].type !== 'link' || safeHref(marks[0].attrs.href) !== null ? [marks[0]] : NO_MARKS;
  return marks.filter((m) => m.type !== 'link' || safeHref(m.attrs.href) !== null).sort((a, b) => markRank(a) - markRank(b));
}

export function walkInline(content: readonly InlineNode[] | undefined, visitor: InlineVisitor, options: WalkOptions = {}): void {
  const pieces = toPieces(content ?? [], options);
  const active: MarkJSON[] = [];
  for (const piece of pieces) {
    // Keep the longest prefix of open marks that the piece still has; close the rest.
    let keep = 0;
    while (keep < active.length && hasMark(piece.marks, active[keep])) keep++;
    while (active.length > keep) visitor.close(active.pop()!);
    for (const mark of piece.marks) {
      if (!hasMark(active, mark)) {
        active.push(mark);
        visitor.open(mark);
      }
    }
    if (piece.kind === 'break') visitor.hardBreak();
    else if (piece.kind === 'footnote') visitor.footnote(piece.note!);
    else visitor.text(piece.text);
  }
  while (active.length > 0) visitor.close(active.pop()!);
}

function hasMark(marks: readonly MarkJSON[], mark: MarkJSON): boolean {
  for (const m of marks) if (sameMark(m, mark)) return true;
  return false;
}

const NO_MARKS: MarkJSON[] = [];

function toPieces(content: readonly InlineNode[], options: WalkOptions): Piece[] {
  let end = content.length;
  if (options.dropTrailingBreaks) while (end > 0 && content[end - 1].type === 'hardBreak') end--;
  const marks: MarkJSON[][] = [];
  for (let i = 0; i < end; i++) marks.push(effectiveMarks(content[i].marks));
  const trims = options.trimsWhitespace;
  const pieces: Piece[] = [];
  // A whitespace piece keeps a trimming mark only if the neighbours on the given sides have it too.
  const restrict = (
    own: MarkJSON[],
    before: MarkJSON[] | undefined,
    after: MarkJSON[] | undefined,
    useBefore: boolean,
    useAfter: boolean,
  ): MarkJSON[] => {
    if (!trims || own.length === 0) return own;
    return own.filter(
      (m) =>
        !trims(m) ||
        ((!useBefore || (before !== undefined && hasMark(before, m))) && (!useAfter || (after !== undefined && hasMark(after, m)))),
    );
  };

  for (let i = 0; i < end; i++) {
    const node = content[i];
    const own = marks[i];
    const before = i > 0 ? marks[i - 1] : undefined;
    const after = i + 1 < end ? marks[i + 1] : undefined;
    switch (node.type) {
      case 'hardBreak':
        pieces.push({ kind: 'break', text: '', marks: restrict(own, before, after, true, true) });
        break;
      case 'footnote':
        // A reference is never part of a link's text (a click on it goes to the note).
        pieces.push({ kind: 'footnote', text: '', marks: own.filter((m) => m.type !== 'link'), note: node });
        break;
      case 'text': {
        let text = cleanText(node.text);
        if (text.includes('\n') || text.includes('\r')) text = text.replace(/[\r\n]+/g, ' ');
        if (text === '') break;
        if (!trims || own.length === 0) {
          pieces.push({ kind: 'text', text, marks: own.length === 0 ? NO_MARKS : own });
          break;
        }
        let a = 0;
        let b = text.length;
        while (a < b && isBlank(text.charCodeAt(a))) a++;
        while (b > a && isBlank(text.charCodeAt(b - 1))) b--;
        if (a === b) {
          pieces.push({ kind: 'text', text, marks: restrict(own, before, after, true, true) });
          break;
        }
        if (a > 0) pieces.push({ kind: 'text', text: text.slice(0, a), marks: restrict(own, before, after, true, false) });
        pieces.push({ kind: 'text', text: a === 0 && b === text.length ? text : text.slice(a, b), marks: own });
        if (b < text.length) pieces.push({ kind: 'text', text: text.slice(b), marks: restrict(own, before, after, false, true) });
        break;
      }
      default:
        assertNever(node, 'inline node');
    }
  }
  return pieces;
}

function isBlank(code: number): boolean {
  return code === 32 || code === 9;
}
