/**
 * A footnote in the editor: a superscript number where it is cited (from the
 * numbering decorations, report-numbering.ts), the note's text as its tooltip, and on click a small editor of
 * the note's own rich text (Ctrl+B / Ctrl+I / Ctrl+U work in it).
 *
 * The note editor is a second ProseMirror view whose document is the footnote
 * node itself; its steps are moved by the footnote's position and applied to
 * the main editor, which carries them to Yjs and the other members. Changes
 * from others arrive through `update` and are patched into the open note.
 */
import type { Node as PMNode } from '@tiptap/pm/model';
import { EditorState, TextSelection, type Transaction } from '@tiptap/pm/state';
import { StepMap } from '@tiptap/pm/transform';
import { EditorView, type Decoration, type NodeView } from '@tiptap/pm/view';
import { keymap } from '@tiptap/pm/keymap';
import { toggleMark } from '@tiptap/pm/commands';
import { noteText } from './report-numbers';
import { noteNumberFrom } from './report-numbering';

/** Asks the footnote node view at a position to open its note (after the toolbar inserted it). */
export const OPEN_FOOTNOTE_EVENT = 'concord-footnote-open';

export class FootnoteView implements NodeView {
  readonly dom: HTMLElement;
  private readonly ref: HTMLElement;
  private popover: HTMLElement | null = null;
  private inner: EditorView | null = null;
  private number: number | null;

  constructor(
    private node: PMNode,
    private readonly outer: EditorView,
    private readonly getPos: () => number | undefined,
    decorations: readonly Decoration[],
  ) {
    this.number = noteNumberFrom(decorations);
    this.dom = document.createElement('span');
    this.dom.className = 'footnote';
    this.ref = document.createElement('sup');
    this.ref.className = 'footnote-ref';
    this.ref.setAttribute('data-testid', 'footnote-ref');
    this.ref.setAttribute('role', 'button');
    this.ref.tabIndex = -1;
    this.dom.append(this.ref);
    this.render();
    this.ref.addEventListener('mousedown', (e) => {
      e.preventDefault();
      if (this.popover) this.close();
      else this.open();
    });
    this.dom.addEventListener(OPEN_FOOTNOTE_EVENT, () => this.open());
  }

  update(node: PMNode, decorations: readonly Decoration[]): boolean {
    if (!node.sameMarkup(this.node)) return false;
    this.node = node;
    this.number = noteNumberFrom(decorations);
    this.render();
    if (this.inner) patchInner(this.inner, node);
    return true;
  }

  /** Clicks and keys inside the open note belong to the note editor, not the main one. */
  stopEvent(event: Event): boolean {
    return this.popover !== null && event.target instanceof Node && this.popover.contains(event.target);
  }

  ignoreMutation(): boolean {
    return true;
  }

  selectNode(): void {
    this.ref.classList.add('is-selected');
  }

  deselectNode(): void {
    this.ref.classList.remove('is-selected');
    // Leaving the note (the caret moved elsewhere in the main text) closes it.
    if (this.popover && !this.inner?.hasFocus()) this.close();
  }

  destroy(): void {
    this.close();
  }

  private render(): void {
    const text = noteText(this.node);
    const broken = text === '';
    this.ref.classList.toggle('is-broken', broken);
    // Broken: "?"; just typed and not numbered yet: "*" until the numbers are recomputed.
    this.ref.textContent = broken ? '?' : this.number === null ? '*' : String(this.number);
    if (this.popover) this.popover.setAttribute('aria-label', this.title());
    const heading = this.popover?.querySelector('.footnote-popover__title');
    if (heading) heading.textContent = this.title();
    this.ref.title = broken ? 'This note has no text (broken reference)' : text;
    this.ref.setAttribute('aria-label', broken ? 'Footnote without text' : `Footnote: ${text}`);
  }

  private title(): string {
    return this.number === null ? 'Footnote' : `Footnote ${this.number}`;
  }

  private open(): void {
    if (this.popover) return this.inner?.focus();
    const popover = document.createElement('span');
    popover.className = 'footnote-popover';
    popover.contentEditable = 'false';
    popover.setAttribute('role', 'dialog');
    popover.setAttribute('data-testid', 'footnote-popover');
    const heading = document.createElement('span');
    heading.className = 'footnote-popover__title';
    heading.textContent = this.title();
    popover.setAttribute('aria-label', heading.textContent);
    const body = document.createElement('span');
    body.className = 'footnote-popover__text';
    body.setAttribute('data-testid', 'footnote-text');
    const close = document.createElement('button');
    close.type = 'button';
    close.className = 'button button--quiet footnote-popover__close';
    close.textContent = 'Done';
    close.addEventListener('click', () => this.closeToText());
    popover.append(heading, body, close);
    this.dom.append(popover);
    this.popover = popover;
    this.inner = new EditorView(body, {
      state: EditorState.create({ doc: this.node, plugins: [noteKeymap(() => this.closeToText())] }),
      editable: () => this.outer.editable,
      dispatchTransaction: (tr) => this.dispatchInner(tr),
      attributes: { 'aria-label': 'Footnote text', class: 'footnote-popover__editor' },
    });
    if (this.outer.editable) this.inner.focus();
  }

  /**
   * Closed by the reader (Escape, Done): the caret goes back into the text after
   * the note, at once — not to the page, and not on ProseMirror's 20 ms restore
   * timer, which lets the next key land wherever the browser put the caret.
   */
  private closeToText(): void {
    this.close();
    if (this.outer.isDestroyed) return;
    const pos = this.getPos();
    if (pos !== undefined) {
      const after = TextSelection.near(this.outer.state.doc.resolve(pos + this.node.nodeSize));
      this.outer.dispatch(this.outer.state.tr.setSelection(after));
    }
    this.outer.focus();
  }

  private close(): void {
    this.inner?.destroy();
    this.inner = null;
    this.popover?.remove();
    this.popover = null;
  }

  /** A change in the note editor: shown there at once, and replayed on the main document at the footnote's place. */
  private dispatchInner(tr: Transaction): void {
    const inner = this.inner;
    if (!inner) return;
    const { state, transactions } = inner.state.applyTransaction(tr);
    inner.updateState(state);
    if (tr.getMeta('fromOutside')) return;
    const pos = this.getPos();
    if (pos === undefined) return;
    const outerTr = this.outer.state.tr;
    const offset = StepMap.offset(pos + 1);
    for (const t of transactions)
      for (const step of t.steps) {
        const moved = step.map(offset);
        if (moved) outerTr.step(moved);
      }
    if (outerTr.docChanged) this.outer.dispatch(outerTr);
  }
}

/** Brings an open note editor up to date with the node (someone else edited the note). */
function patchInner(inner: EditorView, node: PMNode): void {
  const state = inner.state;
  const start = node.content.findDiffStart(state.doc.content);
  if (start === null) return;
  const end = node.content.findDiffEnd(state.doc.content);
  if (!end) return;
  let { a: endA, b: endB } = end;
  const overlap = start - Math.min(endA, endB);
  if (overlap > 0) {
    endA += overlap;
    endB += overlap;
  }
  inner.dispatch(state.tr.replace(start, endB, node.slice(start, endA)).setMeta('fromOutside', true));
}

function noteKeymap(close: () => void) {
  const mark = (name: string) => (state: EditorState, dispatch?: (tr: Transaction) => void) => {
    const type = state.schema.marks[name];
    return type ? toggleMark(type)(state, dispatch) : false;
  };
  return keymap({
    'Mod-b': mark('bold'),
    'Mod-i': mark('italic'),
    'Mod-u': mark('underline'),
    Escape: () => {
      close();
      return true;
    },
  });
}
