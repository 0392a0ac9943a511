/**
 * What a review round covers and how far each commissioner is (issue 19). Pure:
 * the server runs it over its consensus view for progress, the deadline close
 * and the reminder. A named heading covers itself and everything under it, up to
 * the next heading of the same or a higher level; a block under two named
 * headings (a chapter and its sub-section) counts once, in the innermost.
 * The whole document: its top-level headings, plus what comes before the first.
 */
import type { DocBlock } from './blocks.js';
import type { BlockConsensus, BlockStatus } from './status.js';

export interface RoundScopeEntry {
  block: Pick<DocBlock, 'id' | 'kind' | 'level' | 'text'>;
  consensus: Pick<BlockConsensus, 'status' | 'pending' | 'current'>;
}

export interface RoundSection {
  headingId: string | null;
  title: string;
  blocks: number;
}

export interface RoundBlock {
  blockId: string;
  /** Index into `sections`. */
  section: number;
  status: BlockStatus;
  pending: readonly string[];
  agreed: string[];
  disputed: string[];
}

export interface RoundScope {
  sections: RoundSection[];
  blocks: RoundBlock[];
}

/** The headings among `sectionIds` that are not headings of this document (the round cannot be opened on them). */
export function unknownSections(entries: readonly RoundScopeEntry[], sectionIds: readonly string[]): string[] {
  const headings = new Set(entries.filter((e) => e.block.kind === 'heading' && e.block.id !== null).map((e) => e.block.id!));
  return sectionIds.filter((id) => !headings.has(id));
}

export function roundScope(entries: readonly RoundScopeEntry[], sectionIds: readonly string[] | null): RoundScope {
  const named = sectionIds ? new Set(sectionIds) : topHeadings(entries);
  const sections: RoundSection[] = [];
  const indexOf = new Map<string, number>();
  const blocks: RoundBlock[] = [];
  // Open named sections, outermost first, with their heading level.
  const stack: { index: number; level: number }[] = [];
  let preamble: number | undefined;
  let seenHeading = false;
  for (const { block, consensus } of entries) {
    if (block.kind === 'heading') {
      seenHeading = true;
      const level = block.level ?? 1;
      while (stack.length > 0 && stack[stack.length - 1]!.level >= level) stack.pop();
      if (block.id !== null && named.has(block.id) && !indexOf.has(block.id)) {
        indexOf.set(block.id, sections.length);
        stack.push({ index: sections.length, level });
        sections.push({ headingId: block.id, title: block.text, blocks: 0 });
      }
    }
    let section = stack[stack.length - 1]?.index;
    if (section === undefined && !sectionIds && !seenHeading) {
      if (preamble === undefined) {
        preamble = sections.length;
        sections.push({ headingId: null, title: '', blocks: 0 });
      }
      section = preamble;
    }
    if (section === undefined || block.id === null) continue;
    sections[section]!.blocks++;
    blocks.push({
      blockId: block.id,
      section,
      status: consensus.status,
      pending: consensus.pending,
      agreed: consensus.current.filter((v) => v.stance === 'agree').map((v) => v.userId),
      disputed: consensus.current.filter((v) => v.stance === 'dispute').map((v) => v.userId),
    });
  }
  // Named headings no longer in the document stay listed, empty, so the round still reads as it was opened.
  for (const id of sectionIds ?? []) if (!indexOf.has(id)) sections.push({ headingId: id, title: '', blocks: 0 });
  return { sections, blocks };
}

/** How many of the round's blocks wait for `userId`'s vote, in all and per section. */
export function leftFor(scope: RoundScope, userId: string): { left: number; leftBySection: number[] } {
  const leftBySection = scope.sections.map(() => 0);
  let left = 0;
  for (const b of scope.blocks) {
    if (!b.pending.includes(userId)) continue;
    left++;
    leftBySection[b.section]!++;
  }
  return { left, leftBySection };
}

export function statusCounts(scope: RoundScope): Record<BlockStatus, number> {
  const counts: Record<BlockStatus, number> = { agreed: 0, disputed: 0, in_review: 0, unreviewed: 0 };
  for (const b of scope.blocks) counts[b.status]++;
  return counts;
}

function topHeadings(entries: readonly RoundScopeEntry[]): Set<string> {
  let top = Infinity;
  for (const e of entries) if (e.block.kind === 'heading') top = Math.min(top, e.block.level ?? 1);
  return new Set(
    entries.filter((e) => e.block.kind === 'heading' && (e.block.level ?? 1) === top && e.block.id !== null).map((e) => e.block.id!),
  );
}
