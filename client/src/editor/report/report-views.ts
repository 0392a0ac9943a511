/**
 * The editor's views of report content (behaviour only; the schema is shared):
 * footnotes, figures, the recommendations list, and the numbers of notes and
 * recommendations (report-numbering.ts: one walk shortly after the document
 * stops changing, so typing does not pay for a walk on every key).
 */
import { Extension } from '@tiptap/core';
import { Plugin, PluginKey } from '@tiptap/pm/state';
import { FootnoteView } from './footnote-view';
import { FigureView } from './figure-view';
import { RecommendationListView } from './recommendation-list-view';
import { insertFootnote } from './insert-footnote';
import { numberingPlugin } from './report-numbering';
import './report.css';

const key = new PluginKey('concord-report-views');

export function reportViews(docId: string) {
  return Extension.create({
    name: 'concordReportViews',
    addKeyboardShortcuts() {
      return { 'Mod-Alt-f': () => this.editor.isEditable && insertFootnote(this.editor) };
    },
    addProseMirrorPlugins() {
      const lists = new Set<RecommendationListView>();
      return [
        new Plugin({
          key,
          props: {
            nodeViews: {
              footnote: (node, view, getPos, decorations) => new FootnoteView(node, view, getPos, decorations),
              figure: (node, view, getPos) => new FigureView(node, view, getPos, docId),
              recommendationList: (_node, view) => {
                const list = new RecommendationListView(view);
                lists.add(list);
                const destroy = () => lists.delete(list);
                return Object.assign(list, { destroy });
              },
            },
          },
        }),
        // Lists of recommendations refresh when the numbers do.
        numberingPlugin(() => {
          for (const list of lists) list.refresh();
        }),
      ];
    },
  });
}
