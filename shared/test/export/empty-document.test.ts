/** A document with no blocks yet (just created) exports as an empty document, never as an error. */
import { describe, expect, it } from 'vitest';
import { parseDocJSON } from '../../src/export/index.js';

describe('parseDocJSON on a document without blocks', () => {
  it('accepts it, with or without an empty content array', () => {
    expect(parseDocJSON({ type: 'doc', content: [] })).toEqual({ type: 'doc', content: [] });
    expect(parseDocJSON({ type: 'doc' })).toEqual({ type: 'doc', content: [] });
  });

  it('still refuses what is not a document, and invalid content', () => {
    expect(() => parseDocJSON({ type: 'paragraph' })).toThrow();
    expect(() => parseDocJSON({ type: 'doc', content: [{ type: 'text', text: 'loose text' }] })).toThrow();
  });
});
