/**
 * The step every renderer starts with: validate the document against the
 * schema, apply the scope (consensus filter or the whole draft), and build the
 * record. Renderers receive the result and make no decisions of their own.
 */
import type { DocNode } from './doc-model.js';
import { collectBlockLeaves, parseDocJSON } from './doc-model.js';
import { dissentAnnex } from './dissent-annex.js';
import { filterConsensus } from './filter-consensus.js';
import type { Numbering } from './numbering.js';
import { numberDocument } from './numbering.js';
import type { RecordEntry } from './record.js';
import { buildRecord } from './record.js';
import { cleanText } from './text.js';
import type { ConsensusRuleInput, ExportBlockState, ExportImage, ExportInput, ExportOptions, ExportScope } from './types.js';
import { DEFAULT_MAX_EXPORT_IMAGE_BYTES, ExportLimitError } from './types.js';

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
  /** Footnote and recommendation numbers of the rendered document. */
  readonly numbering: Numbering;
  /** The images the rendered figures show, by sha256 (only those present). */
  readonly images: ReadonlyMap<string, ExportImage>;
  readonly options: ExportOptions;
}

/**
 * A block counts as agreed when its status is `agreed`. The `stale` flag alone does not exclude it:
 * the status is already derived from the current votes under the rule; stale votes are shown, not judged.
 */
export function prepareExport(input: ExportInput): PreparedExport {
  const full = parseDocJSON(input.doc);
  const scope = input.options.scope;
  const filtered =
    scope === 'consensus'
      ? filterConsensus(full, (id) => input.blocks.get(id)?.status === 'agreed', input.options.withheldPlaceholders === true)
      : full;
  const annex = input.options.dissentAnnex ?? 'none';
  // The annex goes after the report; its nodes carry no ids, so the record and the manifest skip them.
  const doc =
    annex === 'none' ? filtered : { type: 'doc' as const, content: [...filtered.content, ...dissentAnnex(full, input.blocks, annex)] };
  const keep = scope === 'consensus' && input.options.keepRecommendationNumbers === true;
  return {
    title: cleanText(input.title).replace(/\s+/g, ' ').trim() || 'Untitled report',
    doc,
    blocks: input.blocks,
    rule: input.rule,
    generatedAt: input.generatedAt,
    scope,
    markStatus: scope === 'draft',
    record: input.options.includeRecord ? buildRecord(doc, input.blocks) : null,
    numbering: numberDocument(doc, keep ? full : undefined),
    images: usedImages(doc, input.images, input.maxImageBytes ?? DEFAULT_MAX_EXPORT_IMAGE_BYTES),
    options: input.options,
  };
}

/** The images the document shows; refuses the whole export when together they exceed the cap. */
function usedImages(doc: DocNode, all: ReadonlyMap<string, ExportImage> | undefined, max: number): ReadonlyMap<string, ExportImage> {
  const used = new Map<string, ExportImage>();
  let total = 0;
  for (const node of collectBlockLeaves(doc)) {
    if (node.type !== 'figure' || node.attrs.image === null || used.has(node.attrs.image)) continue;
    const image = all?.get(node.attrs.image);
    if (!image) continue;
    used.set(node.attrs.image, image);
    total += image.bytes.byteLength;
  }
  if (total > max) {
    throw new ExportLimitError(
      `The images in this export add up to ${(total / 1048576).toFixed(1)} MB; one export may embed at most ${(max / 1048576).toFixed(1)} MB.`,
    );
  }
  return used;
}

export function isPrepared(value: ExportInput | PreparedExport): value is PreparedExport {
  return 'markStatus' in value;
}

export function prepared(value: ExportInput | PreparedExport): PreparedExport {
  return isPrepared(value) ? value : prepareExport(value);
}
