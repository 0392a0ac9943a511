/**
 * Section roll-up (C21): what the report author and each commissioner look at
 * first — how much of each section is agreed, disputed or stale, and who has
 * not looked at what yet. Sections are flat: every heading, whatever its level,
 * starts one, matching each block's `sectionId`.
 */
import type { DocBlock } from './blocks.js';
import type { BlockConsensus, BlockStatus } from './status.js';

/** Key of the section holding blocks before the first heading. */
export const PREAMBLE_SECTION_KEY = 'preamble';

export interface StatusCounts extends Record<BlockStatus, number> {
  total: number;
  /** Blocks flagged stale (overlaps the four statuses). */
  stale: number;
  /** agreed / total, 0 for an empty section. */
  shareAgreed: number;
}

export interface SectionRollup extends StatusCounts {
  /** The heading's id; `preamble`; or `heading@<index>` for a heading without id. */
  key: string;
  headingId: string | null;
  title: string;
  /** Heading level; 0 for the preamble. */
  level: number;
  /** Index in the block list of the section's first block. */
  start: number;
}

/** How many blocks of each section a commissioner has a current vote on. */
export interface CoverageRow {
  userId: string;
  /** Aligned with `sections`. */
  bySection: number[];
  total: number;
}

export interface ConsensusRollup {
  sections: SectionRollup[];
  totals: StatusCounts;
  coverage: CoverageRow[];
}

/** What the roll-up needs from each block; `ConsensusEntry` satisfies it. */
export interface RollupInput {
  block: Pick<DocBlock, 'id' | 'kind' | 'level' | 'text'>;
  consensus: Pick<BlockConsensus, 'status' | 'stale' | 'current'>;
}

export function rollupConsensus(entries: readonly RollupInput[], commissioners: readonly string[]): ConsensusRollup {
  const sections: SectionRollup[] = [];
  const totals = emptyCounts();
  const rows = new Map<string, CoverageRow>();
  for (const userId of commissioners) {
    if (!rows.has(userId)) rows.set(userId, { userId, bySection: [], total: 0 });
  }

  let section: SectionRollup | undefined;
  entries.forEach(({ block, consensus }, index) => {
    if (block.kind === 'heading' || !section) {
      section = openSection(block, index);
      sections.push(section);
      for (const row of rows.values()) row.bySection.push(0);
    }
    count(section, consensus);
    count(totals, consensus);
    for (const vote of consensus.current) {
      const row = rows.get(vote.userId);
      if (!row) continue;
      row.bySection[sections.length - 1]!++;
      row.total++;
    }
  });

  for (const s of sections) s.shareAgreed = share(s);
  totals.shareAgreed = share(totals);
  return { sections, totals, coverage: [...rows.values()] };
}

/** One entry of a view replaced by another for the same block (same id, same place, same section). */
export interface EntryChange<E extends RollupInput = RollupInput> {
  /** Index in the view's entries. */
  index: number;
  before: E;
  after: E;
}

/**
 * The roll-up after some entries changed in place — the same blocks in the same sections, their
 * text or status changed (someone typing): only the sections holding them are counted again,
 * from the old and new statuses, so the cost is that of the change, not of the document. Blocks
 * added, removed or turned into headings change the sections themselves: `rollupConsensus` then.
 */
export function patchRollup(rollup: ConsensusRollup, changes: readonly EntryChange[]): ConsensusRollup {
  if (changes.length === 0) return rollup;
  const sections = rollup.sections.slice();
  const totals = { ...rollup.totals };
  const coverage = rollup.coverage.slice();
  const touched = new Set<number>();
  const rowsCopied = new Set<number>();
  const rowOf = new Map(coverage.map((row, i) => [row.userId, i]));
  const cover = (votes: RollupInput['consensus']['current'], section: number, delta: 1 | -1) => {
    for (const vote of votes) {
      const i = rowOf.get(vote.userId);
      if (i === undefined) continue;
      if (!rowsCopied.has(i)) {
        rowsCopied.add(i);
        coverage[i] = { ...coverage[i]!, bySection: coverage[i]!.bySection.slice() };
      }
      coverage[i]!.bySection[section]! += delta;
      coverage[i]!.total += delta;
    }
  };
  for (const { index, before, after } of changes) {
    const s = sectionAt(sections, index);
    if (!touched.has(s)) {
      touched.add(s);
      sections[s] = { ...sections[s]! };
    }
    const section = sections[s]!;
    uncount(section, before.consensus);
    count(section, after.consensus);
    uncount(totals, before.consensus);
    count(totals, after.consensus);
    if (after.block.kind === 'heading' && section.start === index) {
      section.title = after.block.text;
      section.level = after.block.level ?? 1;
    }
    cover(before.consensus.current, s, -1);
    cover(after.consensus.current, s, 1);
  }
  for (const s of touched) sections[s]!.shareAgreed = share(sections[s]!);
  totals.shareAgreed = share(totals);
  return { sections, totals, coverage };
}

/** The section holding entry `index`: the last one starting at or before it. */
function sectionAt(sections: readonly SectionRollup[], index: number): number {
  let low = 0;
  let high = sections.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (sections[mid]!.start <= index) low = mid;
    else high = mid - 1;
  }
  return low;
}

function openSection(block: RollupInput['block'], index: number): SectionRollup {
  if (block.kind !== 'heading') {
    return { key: PREAMBLE_SECTION_KEY, headingId: null, title: '', level: 0, start: index, ...emptyCounts() };
  }
  return {
    key: block.id ?? `heading@${index}`,
    headingId: block.id,
    title: block.text,
    level: block.level ?? 1,
    start: index,
    ...emptyCounts(),
  };
}

function emptyCounts(): StatusCounts {
  return { total: 0, agreed: 0, disputed: 0, in_review: 0, unreviewed: 0, stale: 0, shareAgreed: 0 };
}

function count(counts: StatusCounts, consensus: RollupInput['consensus']): void {
  counts.total++;
  counts[consensus.status]++;
  if (consensus.stale) counts.stale++;
}

function uncount(counts: StatusCounts, consensus: RollupInput['consensus']): void {
  counts.total--;
  counts[consensus.status]--;
  if (consensus.stale) counts.stale--;
}

function share(counts: StatusCounts): number {
  return counts.total === 0 ? 0 : counts.agreed / counts.total;
}
