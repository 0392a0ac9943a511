/**
 * A figure in the editor: the image (fetched from the server, which serves it
 * to members only), its alt text in a small field, and the caption as editable
 * text. A figure whose image is not stored shows a visible placeholder.
 */
import type { Node as PMNode } from '@tiptap/pm/model';
import type { EditorView, NodeView } from '@tiptap/pm/view';
import { isImageHash } from '@concord/shared';

function imageUrl(docId: string, hash: string): string {
  return `/api/docs/${encodeURIComponent(docId)}/images/${hash}`;
}

export class FigureView implements NodeView {
  readonly dom: HTMLElement;
  readonly contentDOM: HTMLElement;
  private readonly frame: HTMLElement;
  private readonly alt: HTMLInputElement;

  constructor(
    private node: PMNode,
    private readonly view: EditorView,
    private readonly getPos: () => number | undefined,
    private readonly docId: string,
  ) {
    this.dom = document.createElement('figure');
    this.dom.className = 'figure';
    this.dom.setAttribute('data-testid', 'figure');
    this.frame = document.createElement('div');
    this.frame.className = 'figure__frame';
    this.frame.contentEditable = 'false';
    const altLabel = document.createElement('label');
    altLabel.className = 'figure__alt';
    altLabel.contentEditable = 'false';
    altLabel.append('Alt text ');
    this.alt = document.createElement('input');
    this.alt.setAttribute('data-testid', 'figure-alt');
    this.alt.placeholder = 'Describe the image for readers who cannot see it';
    this.alt.addEventListener('change', () => this.setAlt(this.alt.value));
    altLabel.append(this.alt);
    this.contentDOM = document.createElement('figcaption');
    this.contentDOM.setAttribute('data-placeholder', 'Caption');
    this.dom.append(this.frame, this.contentDOM, altLabel);
    this.render();
  }

  update(node: PMNode): boolean {
    if (node.type !== this.node.type) return false;
    const imageChanged = node.attrs.image !== this.node.attrs.image;
    this.node = node;
    if (imageChanged) this.render();
    else this.renderAlt();
    return true;
  }

  stopEvent(event: Event): boolean {
    // The alt field is a form control: let it have its keys and clicks.
    return event.target === this.alt;
  }

  ignoreMutation(mutation: MutationRecord | { type: 'selection'; target: Node }): boolean {
    return !this.contentDOM.contains(mutation.target);
  }

  private render(): void {
    this.frame.replaceChildren();
    const hash: unknown = this.node.attrs.image;
    if (isImageHash(hash)) {
      const img = document.createElement('img');
      img.src = imageUrl(this.docId, hash);
      img.setAttribute('data-testid', 'figure-image');
      img.draggable = false;
      this.frame.append(img);
    } else {
      const missing = document.createElement('span');
      missing.className = 'figure__missing';
      missing.textContent = 'Image missing';
      this.frame.append(missing);
    }
    this.renderAlt();
  }

  private renderAlt(): void {
    const alt = typeof this.node.attrs.alt === 'string' ? this.node.attrs.alt : '';
    this.frame.querySelector('img')?.setAttribute('alt', alt);
    if (document.activeElement !== this.alt) this.alt.value = alt;
    this.alt.disabled = !this.view.editable;
  }

  private setAlt(value: string): void {
    const pos = this.getPos();
    if (pos === undefined || value === this.node.attrs.alt) return;
    this.view.dispatch(this.view.state.tr.setNodeAttribute(pos, 'alt', value.slice(0, 500)));
  }
}
