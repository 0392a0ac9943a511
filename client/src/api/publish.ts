/**
 * Publishing: the export preview, export and manifest URLs (plain links, so the
 * browser downloads the server's bytes untouched), and import with upload
 * progress (XMLHttpRequest: fetch reports no upload progress).
 */
import type { DissentAnnexMode, PublishFormat } from '@concord/shared';
import { answer, api, ApiError, enc, signalUnauthorized, type AnswerOf } from './http';

const doc = api.docs[':id'];
const param = (id: string) => ({ param: { id: enc(id) } });

/** GET /api/docs/:id/export/preview: which blocks an export would keep. */
export type ExportPreview = AnswerOf<typeof doc.export.preview.$get>;
export type ExportPreviewBlock = ExportPreview['blocks'][number];
export type ExportScope = ExportPreview['scope'];
/** POST /api/docs/import: the new document and what the import kept, dropped and warns about. */
export type ImportResult = AnswerOf<typeof api.docs.import.$post>;

export interface ExportOptions {
  scope: ExportScope;
  record: boolean;
  /** Consensus scope: "[Paragraph withheld: not agreed]" where each withheld block stood. */
  placeholders: boolean;
  /** The annex of dissent: each disputed block with its reasons, with or without names. */
  dissent: DissentAnnexMode;
  /** A version's export (issue 18): the same bytes as when the version was taken. */
  version?: string;
}

/** The export options as query parameters; the new ones only when asked for, so plain links stay as they were. */
function optionQuery(options: ExportOptions) {
  return {
    scope: options.scope,
    record: options.record ? ('1' as const) : ('0' as const),
    ...(options.placeholders ? { placeholders: '1' as const } : {}),
    ...(options.dissent !== 'none' ? { dissent: options.dissent } : {}),
    ...(options.version !== undefined ? { version: options.version } : {}),
  };
}

/** The server's import limit (PROTOCOL: ≤ 20 MB); checked before uploading too. */
export const IMPORT_MAX_BYTES = 20 * 1024 * 1024;
/** Extensions the server imports, and the format each means. */
const IMPORT_EXTENSIONS: Record<string, 'md' | 'html' | 'docx'> = {
  md: 'md',
  markdown: 'md',
  mdown: 'md',
  txt: 'md',
  html: 'html',
  htm: 'html',
  docx: 'docx',
};
export const IMPORT_ACCEPT = Object.keys(IMPORT_EXTENSIONS)
  .map((ext) => '.' + ext)
  .join(',');

export function importFormatOf(filename: string): 'md' | 'html' | 'docx' | undefined {
  const match = /\.([A-Za-z0-9]+)$/.exec(filename.trim());
  return match ? IMPORT_EXTENSIONS[match[1]!.toLowerCase()] : undefined;
}

/** An import the server (or the client's own checks) refused; `importError` is the server's reason code. */
export class ImportFailure extends ApiError {
  constructor(
    status: number,
    code: string,
    message: string,
    readonly importError: string | null,
  ) {
    super(status, code, message);
    this.name = 'ImportFailure';
  }
}

export interface UploadProgress {
  loaded: number;
  total: number;
}

export interface ImportUpload {
  promise: Promise<ImportResult>;
  abort(): void;
}

export const publishApi = {
  preview: (docId: string, scope: ExportScope) => answer(doc.export.preview.$get({ ...param(docId), query: { scope } })),

  /** Each block's containers (list, list item, quote), to lay the preview out like the document. */
  blockPaths: async (docId: string) => {
    const view = await answer(doc.consensus.$get(param(docId)));
    return new Map(view.blocks.filter((b) => b.id).map((b) => [b.id!, b.path]));
  },

  /** A plain link: the browser downloads the server's bytes untouched. */
  exportUrl: (docId: string, format: PublishFormat, options: ExportOptions) =>
    `/api${doc.export.$path({ ...param(docId), query: { format, ...optionQuery(options) } })}`,

  manifestUrl: (docId: string, options: ExportOptions) =>
    `/api${doc.export.manifest.$path({ ...param(docId), query: optionQuery(options) })}`,

  /** Uploads the file as the raw request body; `onProgress` follows the upload. */
  importFile(file: File, title: string, onProgress: (progress: UploadProgress) => void): ImportUpload {
    const xhr = new XMLHttpRequest();
    const promise = new Promise<ImportResult>((resolve, reject) => {
      const query = new URLSearchParams({ filename: file.name });
      if (title.trim()) query.set('title', title.trim());
      xhr.open('POST', `/api${api.docs.import.$path()}?${query}`);
      xhr.withCredentials = true;
      xhr.setRequestHeader('content-type', file.type || 'application/octet-stream');
      xhr.upload.onprogress = (e) => onProgress({ loaded: e.loaded, total: e.lengthComputable ? e.total : file.size });
      xhr.upload.onload = () => onProgress({ loaded: file.size, total: file.size });
      xhr.onerror = () =>
        reject(new ImportFailure(0, 'network', 'The upload did not reach the Concord server. Check your connection and try again.', null));
      xhr.onabort = () => reject(new ImportFailure(0, 'aborted', 'The upload was cancelled.', null));
      xhr.onload = () => {
        let json: unknown;
        try {
          json = JSON.parse(xhr.responseText);
        } catch {
          json = undefined;
        }
        if (xhr.status === 201) return resolve(json as ImportResult);
        signalUnauthorized(xhr.status);
        const error = (json as { error?: { code?: string; message?: string; details?: { importError?: string } } } | undefined)?.error;
        const importError = error?.details?.importError ?? (xhr.status === 413 ? 'too_large' : null);
        reject(
          new ImportFailure(
            xhr.status,
            error?.code ?? `http_${xhr.status}`,
            error?.message ?? `The server answered ${xhr.status}.`,
            importError,
          ),
        );
      };
      xhr.send(file);
    });
    return { promise, abort: () => xhr.abort() };
  },
};
