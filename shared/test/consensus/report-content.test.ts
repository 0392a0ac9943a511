/**
 * C32–C36: what footnotes, tables, figures and recommendations contribute to
 * a block's fingerprint, and what they do not.
 */
import { describe, it, expect } from 'vitest';
import { canonicalBlockContent, extractBlocks, fingerprintBlock, type PMJSONNode } from '../../src/consensus/index.js';
import { doc, figure, fn, h, li, p, rec, recommendationList, schema, t, table, ul } from './fixtures.js';

const fp = fingerprintBlock;
const IMAGE_A = 'a'.repeat(64);
const IMAGE_B = 'b'.repeat(64);

describe('footnotes', () => {
  it('[C32] the text of a footnote is part of the fingerprint of the paragraph that cites it', () => {
    const before = p('x', 'Costs rose.', fn('Survey 2024.'));
    expect(canonicalBlockContent(before)).toBe('cf1:["paragraph",null,[["t","Costs rose."],["fn",[["t","Survey 2024."]]]]]');
    // Editing the note (text or marks), removing it, or moving it changes the paragraph's fingerprint.
    expect(fp(p('x', 'Costs rose.', fn('Survey 2025.')))).not.toBe(fp(before));
    expect(fp(p('x', 'Costs rose.', fn(t('Survey 2024.', 'italic'))))).not.toBe(fp(before));
    expect(fp(p('x', 'Costs rose.'))).not.toBe(fp(before));
    expect(fp(p('x', 'Costs', fn('Survey 2024.'), ' rose.'))).not.toBe(fp(before));
    // A note's text is never confused with the paragraph's own text.
    expect(fp(p('x', 'Costs rose.Survey 2024.'))).not.toBe(fp(before));
    // A footnote in a heading counts for the heading too.
    expect(fp(h(2, 'y', 'Title', fn('a')))).not.toBe(fp(h(2, 'y', 'Title', fn('b'))));
  });

  it('[C32] the block text shows the note, so a stale vote can show what changed in it', () => {
    const [block] = extractBlocks(doc(p('x', 'Costs rose.', fn('Survey 2024.'))));
    expect(block!.text).toBe('Costs rose.[note: Survey 2024.]');
  });

  it('[C33] footnote numbers are not content: adding a note elsewhere changes no other fingerprint', () => {
    const cited = p('b', 'Second paragraph.', fn('Its own note.'));
    const without = extractBlocks(doc(p('a', 'First.'), cited));
    const withEarlierNote = extractBlocks(doc(p('a', 'First.', fn('A new note before it.')), cited));
    expect(withEarlierNote[1]!.fingerprint).toBe(without[1]!.fingerprint);
    // A footnote node has no attribute a number could hide in.
    expect(Object.keys(schema.nodes.footnote!.spec.attrs ?? {})).toEqual([]);
  });
});

describe('tables and figures', () => {
  it('[C34] a table is one block whose fingerprint covers every cell', () => {
    const d = doc(
      p('a', 'Before'),
      table(
        't',
        [
          ['Region', 'Rent'],
          ['North', '+40%'],
        ],
        { header: true },
      ),
      p('c', 'After'),
    );
    const blocks = extractBlocks(d);
    expect(blocks.map((b) => [b.id, b.kind])).toEqual([
      ['a', 'paragraph'],
      ['t', 'table'],
      ['c', 'paragraph'],
    ]);
    expect(blocks[1]!.text).toBe('Region | Rent\nNorth | +40%');
    expect(canonicalBlockContent(table('t', [['A', 'B']]))).toBe('cf1:["table",null,[[["td",1,1,[["t","A"]]],["td",1,1,[["t","B"]]]]]]');

    const base = fp(
      table(
        't',
        [
          ['Region', 'Rent'],
          ['North', '+40%'],
        ],
        { header: true },
      ),
    );
    expect(
      fp(
        table(
          't',
          [
            ['Region', 'Rent'],
            ['North', '+41%'],
          ],
          { header: true },
        ),
      ),
    ).not.toBe(base); // a cell's text
    expect(
      fp(
        table(
          't',
          [
            ['Region', 'Rent'],
            ['North', t('+40%', 'bold')],
          ],
          { header: true },
        ),
      ),
    ).not.toBe(base); // a cell's marks
    expect(
      fp(
        table('t', [
          ['Region', 'Rent'],
          ['North', '+40%'],
        ]),
      ),
    ).not.toBe(base); // header row or not
    expect(
      fp(
        table(
          't',
          [
            ['North', '+40%'],
            ['Region', 'Rent'],
          ],
          { header: true },
        ),
      ),
    ).not.toBe(base); // row order
    expect(
      fp(
        table(
          't',
          [
            ['Region', 'Rent'],
            ['North', '+40%'],
            ['', ''],
          ],
          { header: true },
        ),
      ),
    ).not.toBe(base); // a row added
    expect(
      fp(
        table(
          't',
          [
            ['Region', 'Rent'],
            ['North', '+40%', fn('x')],
          ],
          { header: true },
        ),
      ),
    ).not.toBe(base);
    expect(fp(table('t', [['Region Rent'], ['North', '+40%']], { header: true, spans: { '0,0': [2, 1] } }))).not.toBe(
      fp(table('t', [['Region Rent'], ['North', '+40%']], { header: true })),
    ); // spans
    // Column widths are layout, not content; the id is not content either.
    const widths = schema.nodes.table!.create({ id: 'other' }, [
      schema.nodes.tableRow!.create(null, [schema.nodes.tableCell!.create({ colwidth: [200] }, [t('A')])]),
    ]);
    expect(fp(widths)).toBe(fp(table('t', [['A']])));
  });

  it('[C34] nothing inside a table is a block of its own', () => {
    const blocks = extractBlocks(
      doc(
        table('t', [
          ['a', 'b'],
          ['c', 'd'],
        ]),
      ),
    );
    expect(blocks).toHaveLength(1);
  });

  it('[C35] a figure is one block: image content hash, caption and alt text', () => {
    const base = figure('f', IMAGE_A, 'Chart of rents', 'Figure 1. ', t('Rents', 'bold'));
    expect(canonicalBlockContent(base)).toBe(
      `cf1:["figure",null,[["t","Figure 1. "],["t","Rents","bold"]],{"alt":"Chart of rents","image":"${IMAGE_A}"}]`,
    );
    expect(fp(figure('f', IMAGE_B, 'Chart of rents', 'Figure 1. ', t('Rents', 'bold')))).not.toBe(fp(base)); // another image
    expect(fp(figure('f', IMAGE_A, 'Chart of wages', 'Figure 1. ', t('Rents', 'bold')))).not.toBe(fp(base)); // alt text
    expect(fp(figure('f', IMAGE_A, 'Chart of rents', 'Figure 1. Rents'))).not.toBe(fp(base)); // caption marks
    expect(fp(figure('f', null, 'Chart of rents', 'Figure 1. ', t('Rents', 'bold')))).not.toBe(fp(base)); // image missing
    expect(fp(figure('g', IMAGE_A, 'Chart of rents', 'Figure 1. ', t('Rents', 'bold')))).toBe(fp(base)); // id is not content
    const [block] = extractBlocks(doc(base));
    expect([block!.kind, block!.text]).toEqual(['figure', '[Figure: Chart of rents] Figure 1. Rents']);
  });

  it('[C35] an image attribute that is not a content hash reads as no image', () => {
    const forged = { type: 'figure', attrs: { id: 'f', image: 'javascript:alert(1)', alt: '' } } as PMJSONNode;
    expect(fp(forged)).toBe(fp(figure('f', null, '')));
  });
});

describe('recommendations', () => {
  it('[C36] a recommendation is a block like a paragraph; being one is content, its number is not', () => {
    const plain = p('r', 'Build more homes.');
    const marked = rec('r', 'Build more homes.');
    expect(canonicalBlockContent(marked)).toBe('cf1:["paragraph",null,[["t","Build more homes."]],"recommendation"]');
    // Unmarked paragraphs keep exactly the fingerprint they always had.
    expect(canonicalBlockContent(plain)).toBe('cf1:["paragraph",null,[["t","Build more homes."]]]');
    expect(fp(marked)).not.toBe(fp(plain));
    // Its number changes when one is added before it; its fingerprint does not.
    const alone = extractBlocks(doc(recommendationList(), marked));
    const second = extractBlocks(doc(recommendationList(), rec('q', 'Earlier one.'), marked));
    expect(second[1]!.fingerprint).toBe(alone[0]!.fingerprint);
    // The generated list is not a block: nobody votes on it.
    expect(alone.map((b) => b.id)).toEqual(['r']);
  });

  it('[C36] a recommendation inside a list is still a block', () => {
    const blocks = extractBlocks(doc(ul(li(rec('r', 'In a list.')))));
    expect(blocks.map((b) => [b.id, b.path])).toEqual([['r', ['bulletList', 'listItem']]]);
  });
});
