/**
 * The export and import stacks (DOCX writer, Markdown and HTML parsers, a DOM
 * for HTML import) cost more start-up time than the rest of the server
 * together; they load on first use. Node caches a module after its first
 * import, so later calls cost nothing.
 */
export const loadExportService = () => import('./export-service.js');
export const loadImporter = () => import('../import/import-document.js');
