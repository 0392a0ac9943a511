// @vitest-environment happy-dom
/**
 * Finding the blocks on screen reads a few boxes, not one per block: a binary search of the
 * editor's top-level elements (their boxes laid out here by hand, 30 px a block), on a 300-block
 * report as on a 1,500-block one — shown by counting the rectangles read.
 */
import { afterEach, expect, it } from 'vitest';
import { EditorState } from '@tiptap/pm/state';
import { EditorView } from '@tiptap/pm/view';
import { concordSchema } from '@concord/shared';
import { visibleRange, viewportCounters, windowOf, WINDOW_MARGIN } from './viewport';

const schema = concordSchema();
const BLOCK_PX = 30;
const SCREEN_PX = 900;
const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((f) => f()));

function report(blocks: number) {
  return schema.nodeFromJSON({
    type: 'doc',
    content: Array.from({ length: blocks }, (_, i) =>
      i % 10 === 0
        ? { type: 'heading', attrs: { id: `b${i}`, level: 2 }, content: [{ type: 'text', text: `Heading ${i}` }] }
        : { type: 'paragraph', attrs: { id: `b${i}` }, content: [{ type: 'text', text: `Block ${i} of the report.` }] },
    ),
  });
}

/** The editor scrolled so that block `topBlock` is at the top of the screen. */
function mount(blocks: number, topBlock: number): EditorView {
  const view = new EditorView(document.body.appendChild(document.createElement('div')), {
    state: EditorState.create({ doc: report(blocks) }),
  });
  const scroll = topBlock * BLOCK_PX;
  const rect = (top: number, height: number) =>
    ({ top, bottom: top + height, left: 0, right: 800, width: 800, height, x: 0, y: top }) as DOMRect;
  // eslint-disable-next-line @typescript-eslint/unbound-method -- put back as it was, called with .call
  const original = Element.prototype.getBoundingClientRect;
  Element.prototype.getBoundingClientRect = function (this: Element) {
    if (this === view.dom) return rect(-scroll, blocks * BLOCK_PX);
    if (this.parentElement === view.dom) return rect(Array.prototype.indexOf.call(view.dom.children, this) * BLOCK_PX - scroll, BLOCK_PX);
    return original.call(this);
  };
  const height = Object.getOwnPropertyDescriptor(window, 'innerHeight');
  Object.defineProperty(window, 'innerHeight', { configurable: true, value: SCREEN_PX });
  cleanups.push(() => {
    Element.prototype.getBoundingClientRect = original;
    if (height) Object.defineProperty(window, 'innerHeight', height);
    view.destroy();
  });
  return view;
}

function measure(blocks: number, topBlock: number) {
  const view = mount(blocks, topBlock);
  const before = viewportCounters.rectsRead;
  const viewport = visibleRange(view);
  const rects = viewportCounters.rectsRead - before;
  const win = windowOf(view.state.doc, viewport);
  return { rects, win };
}

it('finds the blocks on screen with a binary search, on 300 blocks as on 1,500', () => {
  const onScreen = SCREEN_PX / BLOCK_PX;
  const small = measure(300, 140);
  const large = measure(1500, 700);
  expect(small.win).toEqual({ first: 140 - WINDOW_MARGIN, last: 140 + onScreen - 1 + WINDOW_MARGIN });
  expect(large.win).toEqual({ first: 700 - WINDOW_MARGIN, last: 700 + onScreen - 1 + WINDOW_MARGIN });
  // Two binary searches plus the editor's own box: ~2·log2(blocks) + 1, not one per block.
  expect(small.rects).toBeLessThanOrEqual(2 * Math.ceil(Math.log2(300)) + 1);
  expect(large.rects).toBeLessThanOrEqual(2 * Math.ceil(Math.log2(1500)) + 1);
  expect(large.rects - small.rects).toBeLessThanOrEqual(6);
});

it('finds the first and the last blocks at the ends of the report', () => {
  expect(measure(300, 0).win).toEqual({ first: 0, last: SCREEN_PX / BLOCK_PX - 1 + WINDOW_MARGIN });
  const end = measure(300, 300 - SCREEN_PX / BLOCK_PX);
  expect(end.win).toEqual({ first: 300 - SCREEN_PX / BLOCK_PX - WINDOW_MARGIN, last: 299 });
});
