import { describe, expect, it } from 'vitest';
import { concordSchema } from '@concord/shared';
import { outlineOf } from './outline';

describe('outline', () => {
  it('lists headings at any depth in order, with level and text', () => {
    const doc = concordSchema().nodeFromJSON({
      type: 'doc',
      content: [
        { type: 'heading', attrs: { level: 1, id: 'a' }, content: [{ type: 'text', text: 'Report' }] },
        { type: 'paragraph', content: [{ type: 'text', text: 'Intro' }] },
        { type: 'blockquote', content: [{ type: 'heading', attrs: { level: 3, id: 'b' }, content: [{ type: 'text', text: 'Quoted' }] }] },
        { type: 'heading', attrs: { level: 2, id: 'c' } },
      ],
    });
    expect(outlineOf(doc).map(({ level, text, id }) => ({ level, text, id }))).toEqual([
      { level: 1, text: 'Report', id: 'a' },
      { level: 3, text: 'Quoted', id: 'b' },
      { level: 2, text: '', id: 'c' },
    ]);
  });
});
