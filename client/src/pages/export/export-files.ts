/** The files an export offers, best first: the export page and a version's view list the same. */
import type { PublishFormat } from '@concord/shared';

export const EXPORT_FILES: readonly { format: PublishFormat; label: string; what: string }[] = [
  { format: 'pdf', label: 'PDF', what: '.pdf · A4, ready to print or send: title page, bookmarks, page numbers, endnotes' },
  { format: 'docx', label: 'Word', what: '.docx · real headings, lists and quotes, to carry on editing' },
  { format: 'html', label: 'Web page', what: '.html · standalone and printable' },
  { format: 'md', label: 'Markdown', what: '.md · plain text' },
  { format: 'json', label: 'JSON', what: '.json · structured, for other tools' },
];
