/**
 * Import of Markdown, HTML and DOCX files into Concord documents.
 *
 * Pasting in the editor does not use this module: ProseMirror's DOMParser,
 * built from the same shared schema, already keeps only the nodes and marks
 * the schema knows, and the Link extension's `isAllowedUri` refuses any scheme
 * but http(s) and mailto (shared safeHref); nothing from the clipboard is
 * ever inserted as HTML, so no script can run. The file importer adds
 * sanitize-html in front because it also reports what was left out and meets
 * hostile files; its allow-list (IMPORT_ALLOWED_TAGS) is the same set the
 * schema can hold.
 *
 * @example
 * const { doc, report } = await importDocument({ filename: 'report.docx', bytes });
 */
export { importDocument, DEFAULT_MAX_IMPORT_BYTES } from './import-document.js';
export type { ImportRequest, ImportResult, ImportReport } from './import-document.js';
export { ImportError, ImportErrorCode } from './import-error.js';
export type { ImportFormat } from './detect.js';
export { formatFromFilename } from './detect.js';
export type { KeptCounts } from './html-to-doc.js';
export type { Dropped } from './sanitize.js';
export { IMPORT_ALLOWED_TAGS, sanitizeImportHtml, DropTally } from './sanitize.js';
