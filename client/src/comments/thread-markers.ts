/**
 * The editor side of comments, as a ProseMirror plugin keyed by block id:
 * a marker on every paragraph with open threads near the viewport (click it to
 * open them in the panel), the quoted words of open threads highlighted in the
 * text (click them to open their thread), a brief highlight on the paragraph a thread is about, and links into
 * the document (`#block-…`, `#thread-…`) honoured once the block has arrived.
 * Decorations only: nothing here changes the document.
 */
import { Plugin, PluginKey, TextSelection, type EditorState, type Transaction } from '@tiptap/pm/state';
import type { Node as PMNode } from '@tiptap/pm/model';
import { Decoration, DecorationSet, type EditorView } from '@tiptap/pm/view';
import { BLOCK_ID_ATTR, isBlockNodeType } from '@concord/shared';
import { NAVIGATE_EVENT } from '../app/router';
import { parseTarget, type BlockTarget } from './block-target';
import type { ThreadQuote, ThreadStore } from './thread-store';
import { quoteRange } from './quote-range';
import { changedRanges } from '../editor/changed-ranges';
import { gutterKey } from '../editor/gutter/gutter-plugin';
import { blocksInWindow, type BlockWindow } from '../editor/gutter/viewport';

/** What the decorations are drawn from. */
interface Marks {
  counts: ReadonlyMap<string, number>;
  quotes: ReadonlyMap<string, readonly ThreadQuote[]>;
  highlight: string | null;
}
interface MarkerState extends Marks {
  decorations: DecorationSet;
  /** The top-level nodes decorated: the gutter's window (null: all, when there is no gutter). */
  window: BlockWindow | null;
}
type MarkerMeta = Partial<Marks>;

const key = new PluginKey<MarkerState>('concordThreadMarkers');
const HIGHLIGHT_MS = 2500;
/** How long a link waits for its block to arrive (a large document still syncing). */
const TARGET_PATIENCE_MS = 20_000;

export function threadMarkersPlugin(store: ThreadStore): Plugin<MarkerState> {
  const open = (blockId: string) => store.focus({ threadId: null, blockId, from: 'marker' });
  return new Plugin<MarkerState>({
    key,
    state: {
      init: (_config, state) => {
        const { openByBlock: counts, quotesByBlock } = store.getSnapshot();
        const marks: Marks = { counts, quotes: quotesByBlock, highlight: null };
        const window = decoratedWindow(state);
        return { ...marks, window, decorations: build(state.doc, window, marks, open) };
      },
      apply(tr, value, _old, state) {
        const meta = tr.getMeta(key) as MarkerMeta | undefined;
        const window = decoratedWindow(state);
        const moved = !sameWindow(window, value.window);
        if (!meta && !tr.docChanged && !moved) return value;
        const marks: Marks = {
          counts: meta?.counts ?? value.counts,
          quotes: meta?.quotes ?? value.quotes,
          highlight: meta && 'highlight' in meta ? (meta.highlight ?? null) : value.highlight,
        };
        if (meta || moved) return { ...marks, window, decorations: build(state.doc, window, marks, open) };
        // Typing: keep the markers, mapped, and look again only at the blocks the change touched.
        return { ...marks, window, decorations: patch(value.decorations, tr, window, marks, open) };
      },
    },
    props: {
      decorations: (state) => key.getState(state)?.decorations,
      // Clicking highlighted words opens their thread in the panel; the caret still goes where clicked.
      handleClick: (_view, _pos, event) => {
        const quoted = event.target instanceof Element ? event.target.closest<HTMLElement>('[data-thread-quote]') : null;
        const threadId = quoted?.dataset.threadQuote;
        if (threadId) store.focus({ threadId, blockId: store.thread(threadId)?.blockId ?? null, from: 'marker' });
        return false;
      },
    },
    view: (view) => new MarkerView(view, store),
  });
}

/** Keeps the plugin in step with the thread store and the address bar. */
class MarkerView {
  private pending: (BlockTarget & { until: number }) | null = null;
  private lastFocus = 0;
  private destroyed = false;
  private highlightTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly unsubscribe: () => void;

  constructor(
    private view: EditorView,
    private readonly store: ThreadStore,
  ) {
    this.lastFocus = store.getSnapshot().focus?.seq ?? 0;
    this.unsubscribe = store.subscribe(this.onStore);
    for (const type of ['hashchange', 'popstate', NAVIGATE_EVENT]) window.addEventListener(type, this.onAddress);
    // Not while the view is still being built: dispatching then would be too early.
    queueMicrotask(() => {
      if (this.destroyed) return;
      this.onAddress();
      this.onStore();
    });
  }

  update(view: EditorView): void {
    this.view = view;
    // Never dispatch from inside another dispatch.
    if (this.pending) queueMicrotask(() => !this.destroyed && this.tryPending());
  }

  destroy(): void {
    this.destroyed = true;
    this.unsubscribe();
    clearTimeout(this.highlightTimer);
    for (const type of ['hashchange', 'popstate', NAVIGATE_EVENT]) window.removeEventListener(type, this.onAddress);
  }

  private onAddress = (): void => {
    const target = parseTarget(location.hash);
    this.pending = target && { ...target, until: Date.now() + TARGET_PATIENCE_MS };
    this.tryPending();
  };

  private onStore = (): void => {
    const { openByBlock, quotesByBlock, focus } = this.store.getSnapshot();
    const state = key.getState(this.view.state);
    if (state?.counts !== openByBlock || state.quotes !== quotesByBlock) this.dispatch({ counts: openByBlock, quotes: quotesByBlock });
    if (focus && focus.seq !== this.lastFocus) {
      this.lastFocus = focus.seq;
      const blockId = focus.blockId ?? (focus.threadId ? this.store.thread(focus.threadId)?.blockId : undefined);
      if (focus.from !== 'marker' && blockId) this.reveal(blockId, false);
    }
    this.tryPending();
  };

  /** Acts on a link once what it points at has arrived (or gives up quietly). */
  private tryPending(): void {
    const target = this.pending;
    if (!target) return;
    if (Date.now() > target.until) {
      this.pending = null;
      return;
    }
    if (target.kind === 'block') {
      if (this.reveal(target.id, true)) this.pending = null;
      return;
    }
    const thread = this.store.thread(target.id);
    if (!thread) return;
    this.pending = null;
    this.store.focus({ threadId: thread.id, blockId: thread.detached ? null : thread.blockId, from: 'link' });
  }

  /** Scrolls to a block and highlights it; with `caret`, puts the caret at its end to edit it. */
  private reveal(blockId: string, caret: boolean): boolean {
    const found = findBlock(this.view.state.doc, blockId);
    if (!found) return false;
    const { view } = this;
    if (caret && view.editable) {
      const end = found.pos + found.node.nodeSize - 1;
      view.dispatch(view.state.tr.setSelection(TextSelection.create(view.state.doc, end)));
      view.focus();
    }
    const dom = view.nodeDOM(found.pos);
    if (dom instanceof HTMLElement) dom.scrollIntoView({ block: 'center', behavior: caret ? 'auto' : 'smooth' });
    this.dispatch({ highlight: blockId });
    clearTimeout(this.highlightTimer);
    this.highlightTimer = setTimeout(() => this.dispatch({ highlight: null }), HIGHLIGHT_MS);
    return true;
  }

  private dispatch(meta: MarkerMeta): void {
    if (this.view.isDestroyed) return;
    this.view.dispatch(this.view.state.tr.setMeta(key, meta).setMeta('addToHistory', false));
  }
}

function findBlock(doc: PMNode, blockId: string): { node: PMNode; pos: number } | null {
  let found: { node: PMNode; pos: number } | null = null;
  doc.descendants((node, pos) => {
    if (found) return false;
    if (!isBlockNodeType(node.type.name)) return true;
    if (node.attrs[BLOCK_ID_ATTR] === blockId) found = { node, pos };
    return false;
  });
  return found;
}

/**
 * The same blocks the consensus gutter decorates (the window around the
 * viewport, which follows the scroll). ProseMirror's view scans a plugin's
 * top-level decorations once per top-level node on every update, so markers on
 * a few hundred paragraphs of a 1,700-block report cost O(blocks × threads)
 * per keystroke; kept to the window, the cost no longer grows with the report.
 * The gutter plugin comes first, so its state for this transaction is ready.
 */
function decoratedWindow(state: EditorState): BlockWindow | null {
  return gutterKey.getState(state)?.window ?? null;
}

const sameWindow = (a: BlockWindow | null, b: BlockWindow | null) => a === b || (!!a && !!b && a.first === b.first && a.last === b.last);

function insideWindow(doc: PMNode, pos: number, window: BlockWindow | null): boolean {
  if (!window) return true;
  const index = doc.resolve(pos).index(0);
  return index >= window.first && index <= window.last;
}

function build(doc: PMNode, window: BlockWindow | null, marks: Marks, open: (blockId: string) => void): DecorationSet {
  if (marks.counts.size === 0 && marks.highlight === null) return DecorationSet.empty;
  const decorations: Decoration[] = [];
  if (window) {
    for (const { node, pos } of blocksInWindow(doc, window)) decorate(decorations, node, pos, marks, open);
  } else {
    doc.descendants((node, pos) => {
      if (!isBlockNodeType(node.type.name)) return true; // lists and quotes hold blocks
      decorate(decorations, node, pos, marks, open);
      return false;
    });
  }
  return DecorationSet.create(doc, decorations);
}

/** After a change: the markers mapped, those of the blocks in the changed ranges rebuilt. */
function patch(
  set: DecorationSet,
  tr: Transaction,
  window: BlockWindow | null,
  marks: Marks,
  open: (blockId: string) => void,
): DecorationSet {
  if (marks.counts.size === 0 && marks.highlight === null) return DecorationSet.empty;
  const { doc } = tr;
  let next = set.map(tr.mapping, doc);
  const seen = new Set<number>();
  const stale: Decoration[] = [];
  const fresh: Decoration[] = [];
  for (const range of changedRanges(tr)) {
    doc.nodesBetween(range.from, range.to, (node, pos) => {
      if (!isBlockNodeType(node.type.name)) return true;
      if (seen.has(pos)) return false;
      seen.add(pos);
      const end = pos + node.nodeSize;
      for (const d of next.find(pos, end)) if (d.from >= pos && d.to <= end) stale.push(d);
      if (insideWindow(doc, pos, window)) decorate(fresh, node, pos, marks, open);
      return false;
    });
  }
  if (stale.length) next = next.remove(stale);
  return fresh.length ? next.add(doc, fresh) : next;
}

function decorate(
  out: Decoration[],
  node: PMNode,
  pos: number,
  { counts, quotes, highlight }: Marks,
  open: (blockId: string) => void,
): void {
  const id = node.attrs[BLOCK_ID_ATTR] as unknown;
  if (typeof id !== 'string') return;
  const count = counts.get(id) ?? 0;
  for (const { threadId, quote } of quotes.get(id) ?? []) {
    const range = quoteRange(node, pos, quote);
    if (range)
      out.push(
        Decoration.inline(range.from, range.to, { class: 'comment-quote', 'data-thread-quote': threadId, 'data-testid': 'comment-quote' }),
      );
  }
  const classes = [count > 0 ? 'has-threads' : '', id === highlight ? 'block-highlight' : ''].filter(Boolean).join(' ');
  if (classes) out.push(Decoration.node(pos, pos + node.nodeSize, { class: classes }));
  if (count > 0) {
    out.push(
      Decoration.widget(pos + 1, () => marker(id, count, open), {
        side: -1,
        key: `thread-marker:${id}:${count}`,
        ignoreSelection: true,
        stopEvent: () => true,
      }),
    );
  }
}

/** A button without text content (the count is drawn by CSS), so the document's text stays the document's. */
function marker(blockId: string, count: number, open: (blockId: string) => void): HTMLElement {
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'thread-marker';
  button.contentEditable = 'false';
  button.dataset.count = String(count);
  button.dataset.testid = 'thread-marker';
  button.dataset.blockId = blockId;
  const label = count === 1 ? '1 open comment thread' : `${count} open comment threads`;
  button.setAttribute('aria-label', label);
  button.title = label;
  button.addEventListener('mousedown', (e) => e.preventDefault());
  button.addEventListener('click', (e) => {
    e.preventDefault();
    open(blockId);
  });
  return button;
}
