import { describe, expect, it } from 'vitest';
import { MARK_TYPE_NAMES, NODE_TYPE_NAMES } from '../../src/export/index.js';
import { concordSchema } from '../../src/schema/index.js';

describe('export mappings cover the schema', () => {
  // The renderers map NODE_TYPE_NAMES/MARK_TYPE_NAMES exhaustively (Record / switch with never):
  // if the schema gains a node or mark, this fails until the lists, and then every renderer, handle it.
  it('lists every node type of the schema', () => {
    expect([...NODE_TYPE_NAMES].sort()).toEqual(Object.keys(concordSchema().nodes).sort());
  });

  it('lists every mark type, in schema rank order', () => {
    expect([...MARK_TYPE_NAMES]).toEqual(Object.keys(concordSchema().marks));
  });
});
