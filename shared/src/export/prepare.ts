/**
 * The step every renderer starts with: validate the document against the
 * schema, apply the scope (consensus filter or the whole draft), and build the
 * record. Renderers receive the result and make no decisions of their own.
 */
import type { DocNode } from './doc-model.js';
import { parseDocJSON } from './doc-model.js';
import { filterConsensus } from './filter-consensus.js';
import type { RecordEntry } from './record.js';
import { buildRecord } from './record.js';
import { cleanText } from './text.js';
import type { ConsensusRuleInput, ExportBlockState, ExportInput, ExportScope } from './types.js';

export interface PreparedExport {
  readonly title: string;
  /** The document to render: filtered for `consensus`, whole for `draft`. */
  readonly doc: DocNode;
  readonly blocks: ReadonlyMap<string, ExportBlockState>;
  readonly rule: ConsensusRuleInput;
  readonly generatedAt: string | undefined;
  readonly scope: ExportScope;
  /** Draft scope: renderers mark each block with its status. */
  readonly markStatus: boolean;
  /** The appendix, or null when `includeRecord` is off. */
  readonly record: readonly RecordEntry[] | null;
}

/**
 * A block counts as agreed when its status is `agreed`. The `stale` flag alone does not exclude it:
 * the status is already derived from the current votes under the rule; stale votes are shown, not judged.
 */
export function prepareExport(input: ExportInput): PreparedExport {
  const full = parseDocJSON(input.doc);
  const scope = input.options.scope;
  const doc = scope === 'consensus' ? filterConsensus(full, (id) => input.blocks.get(id)?.status === 'agreed') : full;
  return {
    title: cleanText(input.title).replace(/\s+/g, ' ').trim() || 'Untitled report',
    doc,
    blocks: input.blocks,
    rule: input.rule,
    generatedAt: input.generatedAt,
    scope,
    markStatus: scope === 'draft',
    record: input.options.includeRecord ? buildRecord(doc, input.blocks) : null,
  };
}

export function isPrepared(value: ExportInput | PreparedExport): value is PreparedExport {
  return 'markStatus' in value;
}

export function prepared(value: ExportInput | PreparedExport): PreparedExport {
  return isPrepared(value) ? value : prepareExport(value);
}
