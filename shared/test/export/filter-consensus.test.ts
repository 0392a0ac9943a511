import { describe, expect, it } from 'vitest';
import { filterConsensus, parseDocJSON } from '../../src/export/index.js';
import { agreed, doc, h, idsOf, li, ol, p, quote, ul } from './helpers.js';

describe('filterConsensus', () => {
  it('keeps agreed paragraphs and drops the rest', () => {
    const out = filterConsensus(doc(p('a', 'A'), p('b', 'B'), p('c', 'C')), agreed('a', 'c'));
    expect(idsOf(out)).toEqual(['a', 'c']);
  });

  it('keeps a heading only if it is agreed and something under it survives', () => {
    const input = doc(h('h1', 1), p('a'), h('h2', 1), p('b'), h('h3', 1), p('c'));
    // h1: agreed, content agreed → kept. h2: not agreed → dropped, its content still kept. h3: agreed, content not → dropped.
    expect(idsOf(filterConsensus(input, agreed('h1', 'a', 'b', 'h3')))).toEqual(['h1', 'a', 'b']);
  });

  it('drops an agreed heading with nothing under it, even when the next section survives', () => {
    const input = doc(h('empty', 2), h('next', 2), p('x'));
    expect(idsOf(filterConsensus(input, agreed('empty', 'next', 'x')))).toEqual(['next', 'x']);
  });

  it('counts a surviving subheading as content of its parent heading, and a lower heading ends the section', () => {
    const input = doc(h('h1', 1), h('h1.1', 2), p('a'), h('h1.2', 2), p('b'), h('h2', 1), p('c'));
    expect(idsOf(filterConsensus(input, agreed('h1', 'h1.1', 'a', 'h1.2', 'h2')))).toEqual(['h1', 'h1.1', 'a']);
    // The subheading itself has no surviving content → it goes, and so does its parent.
    expect(idsOf(filterConsensus(doc(h('h1', 1), h('h1.1', 2), p('a')), agreed('h1', 'h1.1')))).toEqual([]);
  });

  it('an agreed heading followed only by a lower-level heading section that survives keeps it', () => {
    const input = doc(h('h1', 1), h('h1.1', 3), p('a'));
    expect(idsOf(filterConsensus(input, agreed('h1', 'h1.1', 'a')))).toEqual(['h1', 'h1.1', 'a']);
  });

  it('drops list items with no surviving content and lists left empty', () => {
    const input = doc(ul(li(p('a')), li(p('b')), li(p('c'))), ul(li(p('d'))));
    const out = filterConsensus(input, agreed('a', 'c'));
    expect(out.content).toHaveLength(1);
    expect(idsOf(out)).toEqual(['a', 'c']);
  });

  it('filters nested lists; an item whose own paragraph goes but whose sublist survives keeps an empty lead paragraph', () => {
    const input = doc(ul(li(p('a'), ul(li(p('a1')), li(p('a2')))), li(p('b'), ul(li(p('b1'))))));
    const out = filterConsensus(input, agreed('a', 'a2', 'b1'));
    expect(idsOf(out)).toEqual(['a', 'a2', null, 'b1']);
    // The result is still a valid document.
    expect(() => parseDocJSON(out)).not.toThrow();
  });

  it('a list item keeps its second paragraph as lead when the first goes', () => {
    const out = filterConsensus(doc(ul(li(p('a'), p('a2')))), agreed('a2'));
    expect(out.content[0]).toEqual(ul(li(p('a2'))));
  });

  it('renumbers ordered lists by emitting the remaining items and keeps start', () => {
    const input = doc(ol(3, li(p('r3')), li(p('r4')), li(p('r5'))));
    const out = filterConsensus(input, agreed('r3', 'r5'));
    expect(out.content[0]).toEqual(ol(3, li(p('r3')), li(p('r5'))));
  });

  it('drops quotes left empty and applies the heading rule inside quotes', () => {
    const input = doc(quote(p('q1')), quote(h('qh', 3), p('q2')), quote(h('qh2', 3), p('q3')));
    const out = filterConsensus(input, agreed('qh', 'q2', 'qh2'));
    expect(out.content).toHaveLength(1);
    expect(idsOf(out)).toEqual(['qh', 'q2']);
  });

  it('never keeps blocks without an id and leaves the input untouched', () => {
    const input = doc(p(null, 'no id'), ul(li(p('a'))));
    const copy = structuredClone(input);
    expect(idsOf(filterConsensus(input, () => true))).toEqual(['a']);
    expect(input).toEqual(copy);
  });

  it('returns an empty document when nothing is agreed', () => {
    expect(filterConsensus(doc(h('h', 1), p('a')), () => false)).toEqual({ type: 'doc', content: [] });
  });
});
