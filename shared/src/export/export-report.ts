/**
 * Entry points that produce files: one format, or every format plus the
 * manifest over them (the document is validated and filtered once).
 */
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { DOCX_MEDIA_TYPE, renderDocx } from './docx/render.js';
import { renderHtml } from './html/render.js';
import { renderJson } from './json.js';
import type { ExportManifest } from './manifest.js';
import { buildManifest, serializeManifest } from './manifest.js';
import { renderMarkdown } from './markdown/render.js';
import { markdownZip } from './markdown/zip.js';
import type { PreparedExport } from './prepare.js';
import { prepared } from './prepare.js';
import { exportFilename } from './filename.js';
import type { ExportedFile, ExportFormat, ExportInput } from './types.js';
import { EXPORT_FORMATS } from './types.js';

const MEDIA_TYPE: Record<ExportFormat, string> = {
  md: 'text/markdown; charset=utf-8',
  html: 'text/html; charset=utf-8',
  docx: DOCX_MEDIA_TYPE,
  json: 'application/json',
};

export async function exportReport(input: ExportInput | PreparedExport, format: ExportFormat): Promise<ExportedFile> {
  const p = prepared(input);
  const filename = exportFilename(p.title, p.scope, format, p.options);
  const mediaType = MEDIA_TYPE[format];
  switch (format) {
    case 'md': {
      const markdown = utf8(renderMarkdown(p));
      if (p.options.markdownImages !== 'zip') return { filename, mediaType, bytes: markdown };
      // The user chose the images as files: the `.md` and its images in one zip.
      return { filename: `${filename}.zip`, mediaType: 'application/zip', bytes: markdownZip(p, filename, markdown) };
    }
    case 'html':
      return { filename, mediaType, bytes: utf8(renderHtml(p)) };
    case 'docx':
      return { filename, mediaType, bytes: await renderDocx(p) };
    case 'json':
      return { filename, mediaType, bytes: utf8(renderJson(p)) };
    default: {
      const never: never = format;
      throw new Error(`Unknown export format ${String(never)}`);
    }
  }
}

export interface ExportBundle {
  files: ExportedFile[];
  manifest: ExportManifest;
  /** The manifest itself as a file, to publish next to the others. */
  manifestFile: ExportedFile;
}

export async function exportBundle(input: ExportInput, formats: readonly ExportFormat[] = EXPORT_FORMATS): Promise<ExportBundle> {
  const p = prepared(input);
  const files: ExportedFile[] = [];
  for (const format of formats) files.push(await exportReport(p, format));
  const manifest = buildManifest(p, files);
  const manifestFile = {
    filename: exportFilename(p.title, p.scope, 'manifest.json', p.options),
    mediaType: 'application/json',
    bytes: utf8(serializeManifest(manifest)),
  };
  return { files, manifest, manifestFile };
}

function utf8(text: string): Uint8Array {
  return utf8ToBytes(text);
}
