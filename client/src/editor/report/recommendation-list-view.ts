/**
 * The generated list of recommendations, wherever it is placed: every
 * recommendation of the document with its number, refreshed (at most a few
 * times a second) when the document changes. It holds nothing itself.
 */
import type { EditorView, NodeView } from '@tiptap/pm/view';
import { editorRecommendations } from './report-numbers';

export class RecommendationListView implements NodeView {
  readonly dom: HTMLElement;
  private readonly list: HTMLOListElement;

  constructor(private readonly view: EditorView) {
    this.dom = document.createElement('div');
    this.dom.className = 'recommendation-list';
    this.dom.contentEditable = 'false';
    this.dom.setAttribute('data-testid', 'recommendation-list');
    const title = document.createElement('p');
    title.className = 'recommendation-list__title';
    title.textContent = 'Recommendations';
    this.list = document.createElement('ol');
    this.dom.append(title, this.list);
    this.refresh();
  }

  refresh(): void {
    const found = editorRecommendations(this.view.state.doc);
    const items = found.map((r) => {
      const li = document.createElement('li');
      const label = document.createElement('strong');
      label.textContent = `Recommendation ${r.number}. `;
      li.append(label, r.text);
      return li;
    });
    if (items.length === 0) {
      const li = document.createElement('li');
      li.className = 'muted';
      li.textContent = 'No paragraph is marked as a recommendation yet.';
      items.push(li);
    }
    this.list.replaceChildren(...items);
  }

  ignoreMutation(): boolean {
    return true;
  }
}
