import type { SectionRollup } from '@concord/shared';

/** A section's name for people: its heading, or what stands in for one. */
export function sectionLabel(section: SectionRollup): string {
  if (section.level === 0) return 'Before the first heading';
  return section.title.trim() || '(untitled heading)';
}
