/**
 * JSON export: the exported document plus the status of each exported block
 * (and the votes, when the record is asked for). Keys are written in a fixed
 * order (node: type, attrs, marks, text, content; attrs sorted), so the same
 * input gives the same bytes.
 */
import type { AnyNode, MarkJSON } from './doc-model.js';
import type { PreparedExport } from './prepare.js';
import { prepared } from './prepare.js';
import { exportedBlocks, sortVotes } from './record.js';
import type { ConsensusRuleInput, ExportInput } from './types.js';
import { blockState } from './types.js';

export const JSON_FORMAT_ID = 'concord-export';

export function renderJson(input: ExportInput | PreparedExport): string {
  const p = prepared(input);
  const blocks = exportedBlocks(p.doc).map(({ id, node }) => {
    const state = blockState(p.blocks, id);
    return {
      id,
      type: node.type,
      status: state.status,
      stale: state.stale,
      ...(p.record
        ? { votes: sortVotes(state.votes).map((v) => ({ userId: v.userId, userName: v.userName, stance: v.stance, at: v.at })) }
        : {}),
    };
  });
  const out = {
    format: JSON_FORMAT_ID,
    version: 1,
    title: p.title,
    generatedAt: p.generatedAt ?? null,
    scope: p.scope,
    rule: canonicalRule(p.rule),
    doc: canonicalNode(p.doc),
    blocks,
  };
  return `${JSON.stringify(out, null, 2)}\n`;
}

export function canonicalRule(rule: ConsensusRuleInput): ConsensusRuleInput {
  return rule.kind === 'unanimous' ? { kind: 'unanimous' } : { kind: 'quorum', minAgree: rule.minAgree, maxDispute: rule.maxDispute };
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function canonicalNode(node: AnyNode): Json {
  const out: { [key: string]: Json } = { type: node.type };
  if ('attrs' in node && node.attrs) out.attrs = sortedObject(node.attrs);
  if ('marks' in node && node.marks && node.marks.length > 0) out.marks = node.marks.map(canonicalMark);
  if (node.type === 'text') out.text = node.text;
  if ('content' in node && node.content) out.content = (node.content as AnyNode[]).map(canonicalNode);
  return out;
}

function canonicalMark(mark: MarkJSON): Json {
  return 'attrs' in mark ? { type: mark.type, attrs: sortedObject(mark.attrs) } : { type: mark.type };
}

function sortedObject(value: object): { [key: string]: Json } {
  const out: { [key: string]: Json } = {};
  for (const key of Object.keys(value).sort()) out[key] = sortedJson((value as Record<string, unknown>)[key]);
  return out;
}

function sortedJson(value: unknown): Json {
  if (value === null || typeof value === 'boolean' || typeof value === 'number' || typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(sortedJson);
  if (typeof value === 'object') return sortedObject(value);
  return null;
}
