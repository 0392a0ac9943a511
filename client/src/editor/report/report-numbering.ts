/**
 * Footnote and recommendation numbers in the editor, as decorations: a
 * footnote's number reaches its node view (which prints it), a recommendation
 * paragraph gets `data-recommendation-number` (CSS prints "Recommendation N").
 *
 * Numbers are recomputed by one walk of the document shortly after a change
 * that touched a note or a recommendation paragraph, in idle time (not on every
 * keystroke: a 150-page report has ~1,700 blocks, and a walk that ran between a
 * keydown and its paint delayed that paint), and mapped through edits in
 * between. Typing in a paragraph without notes walks nothing. The fresh numbers are dispatched only when
 * they differ from the mapped ones: a transaction makes the view compare its
 * decorations across every top-level block, and typing in a paragraph without
 * notes changes no number. CSS counters cannot do this: the editor's
 * blocks use `content-visibility: auto`, whose style containment scopes a
 * counter to each block.
 */
import type { Node as PMNode } from '@tiptap/pm/model';
import { Plugin, PluginKey, type EditorState, type Transaction } from '@tiptap/pm/state';
import { Decoration, DecorationSet, type EditorView } from '@tiptap/pm/view';
import { touches } from '../changed-ranges';
import { whenIdle } from '../../app/idle';

const numberingKey = new PluginKey<NumberingState>('concord-report-numbering');
const RECOMPUTE_MS = 120;
/** The walk waits for idle time, at most this long. */
const IDLE_TIMEOUT_MS = 500;

interface NumberingState {
  decorations: DecorationSet;
  /** Changes so far that touched a note or a recommendation paragraph (the view recomputes when it grows). */
  touched: number;
}

interface NoteNumberSpec {
  noteNumber: number;
}

/** Kept in the spec too, so fresh numbers can be compared with the mapped ones. */
interface RecommendationNumberSpec {
  recommendationNumber: number;
}

/** Whether a change can have changed a number or a recommendation's text: it touched a note or a recommendation paragraph. */
function touchesNumbered(tr: Transaction): boolean {
  return touches(tr, (node) =>
    node.type.name === 'footnote' || (node.type.name === 'paragraph' && node.attrs.recommendation === true) ? 'touched' : 'descend',
  );
}

export function numberingPlugin(onRecomputed: (view: EditorView) => void): Plugin<NumberingState> {
  return new Plugin<NumberingState>({
    key: numberingKey,
    state: {
      init: (_config, state: EditorState) => ({ decorations: numberDecorations(state.doc), touched: 0 }),
      apply: (tr, value) => {
        const fresh: unknown = tr.getMeta(numberingKey);
        if (fresh instanceof DecorationSet) return { ...value, decorations: fresh };
        if (!tr.docChanged) return value;
        return { decorations: value.decorations.map(tr.mapping, tr.doc), touched: value.touched + (touchesNumbered(tr) ? 1 : 0) };
      },
    },
    props: {
      decorations: (state) => numberingKey.getState(state)?.decorations,
    },
    view: () => {
      let seen = 0;
      let cancel: (() => void) | undefined;
      return {
        update: (view) => {
          if (numberingKey.getState(view.state)?.touched === seen || cancel) return;
          const timer = setTimeout(() => {
            cancel = whenIdle(() => {
              cancel = undefined;
              if (view.isDestroyed) return;
              seen = numberingKey.getState(view.state)?.touched ?? seen;
              walks++;
              const fresh = numberDecorations(view.state.doc);
              if (!sameNumbers(fresh, numberingKey.getState(view.state)?.decorations)) {
                renumberings++;
                view.dispatch(view.state.tr.setMeta(numberingKey, fresh).setMeta('addToHistory', false));
              }
              // Lists of recommendations show their text too, which may have changed without a number changing.
              onRecomputed(view);
            }, IDLE_TIMEOUT_MS);
          }, RECOMPUTE_MS);
          cancel = () => clearTimeout(timer);
        },
        destroy: () => cancel?.(),
      };
    },
  });
}

/** How many times fresh numbers were dispatched, and the document walked for them (tests count them). */
let renumberings = 0;
let walks = 0;
export const numberingCounters = {
  get renumberings() {
    return renumberings;
  },
  get walks() {
    return walks;
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
