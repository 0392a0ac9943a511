/**
 * Footnote and recommendation numbers in the editor, as decorations: a
 * footnote's number reaches its node view (which prints it), a recommendation
 * paragraph gets `data-recommendation-number` (CSS prints "Recommendation N").
 *
 * Numbers are recomputed by one walk of the document shortly after it stops
 * changing (not on every keystroke: a 150-page report has ~1,700 blocks), and
 * mapped through edits in between. The fresh numbers are dispatched only when
 * they differ from the mapped ones: a transaction makes the view compare its
 * decorations across every top-level block, and typing in a paragraph without
 * notes changes no number. CSS counters cannot do this: the editor's
 * blocks use `content-visibility: auto`, whose style containment scopes a
 * counter to each block.
 */
import type { Node as PMNode } from '@tiptap/pm/model';
import { Plugin, PluginKey, type EditorState } from '@tiptap/pm/state';
import { Decoration, DecorationSet, type EditorView } from '@tiptap/pm/view';

const numberingKey = new PluginKey<DecorationSet>('concord-report-numbering');
const RECOMPUTE_MS = 120;

interface NoteNumberSpec {
  noteNumber: number;
}

/** Kept in the spec too, so fresh numbers can be compared with the mapped ones. */
interface RecommendationNumberSpec {
  recommendationNumber: number;
}

export function numberingPlugin(onRecomputed: (view: EditorView) => void): Plugin<DecorationSet> {
  return new Plugin<DecorationSet>({
    key: numberingKey,
    state: {
      init: (_config, state: EditorState) => numberDecorations(state.doc),
      apply: (tr, set) => {
        const fresh: unknown = tr.getMeta(numberingKey);
        if (fresh instanceof DecorationSet) return fresh;
        return tr.docChanged ? set.map(tr.mapping, tr.doc) : set;
      },
    },
    props: {
      decorations: (state) => numberingKey.getState(state),
    },
    view: () => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      return {
        update: (view, prev) => {
          if (view.state.doc === prev.doc || timer) return;
          timer = setTimeout(() => {
            timer = undefined;
            if (view.isDestroyed) return;
            const fresh = numberDecorations(view.state.doc);
            if (!sameNumbers(fresh, numberingKey.getState(view.state))) {
              renumberings++;
              view.dispatch(view.state.tr.setMeta(numberingKey, fresh).setMeta('addToHistory', false));
            }
            // Lists of recommendations show their text too, which may have changed without a number changing.
            onRecomputed(view);
          }, RECOMPUTE_MS);
        },
        destroy: () => clearTimeout(timer),
      };
    },
  });
}

/** How many times fresh numbers were dispatched (tests count them). */
let renumberings = 0;
export const numberingCounters = {
  get renumberings() {
    return renumberings;
  },
};

function sameNumbers(a: DecorationSet, b: DecorationSet | undefined): boolean {
  if (!b) return false;
  const left = a.find();
  const right = b.find();
  return (
    left.length === right.length &&
    left.every((d, i) => {
      const other = right[i];
      return other !== undefined && d.from === other.from && d.to === other.to && numberOf(d) === numberOf(other);
    })
  );
}

/** What a numbering decoration says: a note's number, or a recommendation's. */
function numberOf(decoration: Decoration): string {
  const spec = decoration.spec as Partial<NoteNumberSpec & RecommendationNumberSpec>;
  return `${spec.noteNumber ?? ''}/${spec.recommendationNumber ?? ''}`;
}

function numberDecorations(doc: PMNode): DecorationSet {
  const decorations: Decoration[] = [];
  let notes = 0;
  let recommendations = 0;
  doc.descendants((node, pos) => {
    if (node.type.name === 'footnote') {
      // A note without text gets no number (a broken reference), as in the exports.
      if (node.textContent !== '') {
        const spec: NoteNumberSpec = { noteNumber: ++notes };
        decorations.push(Decoration.node(pos, pos + node.nodeSize, {}, spec));
      }
      return false;
    }
    if (node.type.name === 'paragraph' && node.attrs.recommendation === true) {
      const spec: RecommendationNumberSpec = { recommendationNumber: ++recommendations };
      decorations.push(
        Decoration.node(pos, pos + node.nodeSize, { 'data-recommendation-number': String(spec.recommendationNumber) }, spec),
      );
    }
    return node.isBlock;
  });
  return DecorationSet.create(doc, decorations);
}

/** The number a footnote's decorations give it, or null (broken, or not numbered yet). */
export function noteNumberFrom(decorations: readonly Decoration[]): number | null {
  for (const d of decorations) {
    const spec = d.spec as Partial<NoteNumberSpec>;
    if (typeof spec.noteNumber === 'number') return spec.noteNumber;
  }
  return null;
}
