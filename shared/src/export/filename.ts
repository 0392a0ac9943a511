/** File names of exports: one per combination of what an export contains. */
import { slugify } from './text.js';
import type { ExportFormat, ExportOptions } from './types.js';

/**
 * `<slug>.<scope>[.with-record][.with-placeholders][.with-dissent|.with-attributed-dissent].<format>`:
 * exports that differ in what they contain never share a file name.
 */
export function exportFilename(
  title: string,
  scope: 'consensus' | 'draft',
  format: ExportFormat | 'manifest.json' | 'pdf',
  options?: Pick<ExportOptions, 'includeRecord' | 'withheldPlaceholders' | 'dissentAnnex'>,
): string {
  const parts = [slugify(title), scope];
  if (options?.includeRecord) parts.push('with-record');
  if (options?.withheldPlaceholders && scope === 'consensus') parts.push('with-placeholders');
  if (options?.dissentAnnex === 'anonymous') parts.push('with-dissent');
  if (options?.dissentAnnex === 'attributed') parts.push('with-attributed-dissent');
  return `${parts.join('.')}.${format}`;
}
