/**
 * What a proposal may contain (C25): exactly one block, of the same type as the
 * block it replaces (a heading stays a heading), made only of text with the
 * schema's marks and hard breaks, under a size limit. Untrusted JSON from HTTP
 * is checked here and rebuilt, so nothing unexpected reaches the shared document.
 */
import type { BlockNodeType } from '../schema/blocks.js';
import { fingerprintBlock, readBlockContent, type FingerprintOptions } from './fingerprint.js';
import { readerFor } from './node-reader.js';
// The one link policy (the editor's and every export's): http(s) and mailto only.
import { safeHref } from '../export/links.js';

/** A paragraph of a report is short; 10,000 characters is far above any real one. */
export const MAX_PROPOSAL_TEXT_LENGTH = 10_000;
/** Text nodes plus hard breaks; stops a flood of one-character runs. */
export const MAX_PROPOSAL_INLINE_NODES = 2_000;
export const MAX_PROPOSAL_RATIONALE_LENGTH = 2_000;

const SIMPLE_MARKS = new Set(['bold', 'italic', 'strike', 'underline']);

export interface ProposalBlockJSON {
  type: BlockNodeType;
  attrs?: { level: number };
  content?: ProposalInlineJSON[];
}
export type ProposalInlineJSON =
  { type: 'text'; text: string; marks?: ({ type: string } | { type: 'link'; attrs: { href: string } })[] } | { type: 'hardBreak' };

export type ProposalContentCheck =
  { ok: true; content: ProposalBlockJSON; text: string; fingerprint: string } | { ok: false; errors: string[] };

/**
 * Checks `input` against the block it would replace and returns it rebuilt
 * (without a block id: the block keeps its own), with its text and fingerprint.
 */
export function checkProposalContent(input: unknown, blockKind: BlockNodeType, options: FingerprintOptions = {}): ProposalContentCheck {
  const errors: string[] = [];
  if (!isObject(input))
    return {
      ok: false,
      errors: ['content must be one block as ProseMirror JSON, e.g. {"type":"paragraph","content":[{"type":"text","text":"…"}]}'],
    };
  if (input.type !== blockKind) {
    return {
      ok: false,
      errors: [`content must be a single ${blockKind} like the block it replaces (got ${JSON.stringify(input.type) ?? 'nothing'})`],
    };
  }
  const block: ProposalBlockJSON = { type: blockKind };
  if (blockKind === 'heading') {
    const level = isObject(input.attrs) ? input.attrs.level : undefined;
    if (level !== undefined && !(typeof level === 'number' && Number.isInteger(level) && level >= 1 && level <= 6))
      errors.push('heading level must be a whole number from 1 to 6');
    block.attrs = { level: typeof level === 'number' ? level : 1 };
  }
  const children = input.content ?? [];
  if (!Array.isArray(children)) return { ok: false, errors: ['content.content must be an array of text and hard breaks'] };
  if (children.length > MAX_PROPOSAL_INLINE_NODES)
    return { ok: false, errors: [`a proposal may have at most ${MAX_PROPOSAL_INLINE_NODES} text runs`] };
  const inline: ProposalInlineJSON[] = [];
  children.forEach((child, i) => {
    const node = checkInline(child, `content.content[${i}]`, errors);
    if (node) inline.push(node);
  });
  if (errors.length) return { ok: false, errors };
  if (inline.length) block.content = inline;
  const { text } = readBlockContent(readerFor(block), block);
  if (text.length > MAX_PROPOSAL_TEXT_LENGTH)
    return { ok: false, errors: [`a proposal may be at most ${MAX_PROPOSAL_TEXT_LENGTH} characters`] };
  return { ok: true, content: block, text, fingerprint: fingerprintBlock(block, options) };
}

function checkInline(child: unknown, where: string, errors: string[]): ProposalInlineJSON | undefined {
  if (!isObject(child)) {
    errors.push(`${where} must be a text or hardBreak node`);
    return undefined;
  }
  if (child.type === 'hardBreak') return { type: 'hardBreak' };
  if (child.type !== 'text') {
    errors.push(`${where}: only text and hard breaks can be inside a block (got ${JSON.stringify(child.type) ?? 'nothing'})`);
    return undefined;
  }
  if (typeof child.text !== 'string' || child.text === '') {
    errors.push(`${where}.text must be a non-empty string`);
    return undefined;
  }
  const marks: NonNullable<Extract<ProposalInlineJSON, { type: 'text' }>['marks']> = [];
  const rawMarks = child.marks ?? [];
  if (!Array.isArray(rawMarks)) {
    errors.push(`${where}.marks must be an array`);
    return undefined;
  }
  for (const mark of rawMarks) {
    if (isObject(mark) && typeof mark.type === 'string' && SIMPLE_MARKS.has(mark.type)) {
      marks.push({ type: mark.type });
    } else if (
      isObject(mark) &&
      mark.type === 'link' &&
      isObject(mark.attrs) &&
      typeof mark.attrs.href === 'string' &&
      safeHref(mark.attrs.href) !== null
    ) {
      marks.push({ type: 'link', attrs: { href: mark.attrs.href } });
    } else {
      errors.push(`${where}: marks may be bold, italic, strike, underline or a link to an http(s) or mailto address`);
      return undefined;
    }
  }
  return marks.length ? { type: 'text', text: child.text, marks } : { type: 'text', text: child.text };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
