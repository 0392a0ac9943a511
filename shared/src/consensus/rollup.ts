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

function share(counts: StatusCounts): number {
  return counts.total === 0 ? 0 : counts.agreed / counts.total;
}
