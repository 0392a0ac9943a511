/**
 * Export renderers: Markdown, HTML, DOCX and JSON over one exhaustive mapping
 * of the schema, the consensus filter, the consensus record and the manifest.
 *
 * Pure (no `node:*`, no DOM, no clock): same input ⇒ byte-identical output.
 *
 * @example
 * const { files, manifestFile } = await exportBundle({
 *   title, doc, blocks, rule: { kind: 'unanimous' }, generatedAt: '2025-03-04T12:00:00Z',
 *   options: { scope: 'consensus', includeRecord: true },
 * });
 */
export * from './types.js';
export { NODE_TYPE_NAMES, MARK_TYPE_NAMES, parseDocJSON, collectBlockLeaves } from './doc-model.js';
export type {
  NodeTypeName,
  MarkTypeName,
  DocNode,
  BlockNode,
  BlockLeafNode,
  AgreementNode,
  ListItemNode,
  InlineNode,
  MarkJSON,
  FootnoteNode,
  TableNode,
  FigureNode,
  CellNode,
} from './doc-model.js';
export { filterConsensus } from './filter-consensus.js';
export { numberDocument, isBrokenNote, recommendationLabel } from './numbering.js';
export type { Numbering, NoteEntry, RecommendationEntry } from './numbering.js';
export { imagePath, dataUri } from './images.js';
export type { IsAgreed } from './filter-consensus.js';
export { prepareExport } from './prepare.js';
export type { PreparedExport } from './prepare.js';
export { buildRecord, describeRule, STATUS_LABEL } from './record.js';
export type { RecordEntry } from './record.js';
export { safeHref } from './links.js';
export { canonicalBlockText } from './text.js';
export { renderMarkdown, markdownFromDoc } from './markdown/render.js';
export { renderHtml, HTML_CSP } from './html/render.js';
export { renderDocx, DOCX_MEDIA_TYPE } from './docx/render.js';
export { renderJson } from './json.js';
export { buildManifest, serializeManifest, sha256Hex as manifestSha256Hex, verifyFile, CANONICAL_TEXT_DEFINITION } from './manifest.js';
export type { ExportManifest, ManifestBlock, ManifestFile } from './manifest.js';
export { exportReport, exportBundle } from './export-report.js';
export { exportFilename } from './filename.js';
export type { ExportBundle } from './export-report.js';
