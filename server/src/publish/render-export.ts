/**
 * Renders one export from its input: the four formats of @concord/shared and the
 * server's PDF, or the manifest over the four. Pure (no store, no clock): the
 * export worker runs it for the HTTP API and the CLI runs it in its own process,
 * so both give the same bytes for the same state and options.
 */
import {
  exportBundle,
  exportFilename,
  exportReport,
  prepareExport,
  type ExportInput,
  type ExportedFile,
  type ExportManifest,
  type PublishFormat,
} from '@concord/shared';

export async function renderExport(input: ExportInput, format: PublishFormat): Promise<ExportedFile> {
  if (format !== 'pdf') return exportReport(input, format);
  const p = prepareExport(input);
  const { renderPdf, PDF_MEDIA_TYPE } = await import('./pdf/render-pdf.js');
  const { pdfFonts } = await import('./pdf/pdf-fonts.js');
  const bytes = await renderPdf(p, pdfFonts());
  return { filename: exportFilename(p.title, p.scope, 'pdf', p.options), mediaType: PDF_MEDIA_TYPE, bytes };
}

/** The manifest of every format (GET /export/manifest): each file is rendered to hash it. */
export async function renderManifest(input: ExportInput): Promise<ExportManifest> {
  return (await exportBundle(input)).manifest;
}
