/**
 * Runs inside the import worker thread (see import-runner.ts): converts a file
 * with importDocument and hands back the new document's Yjs update, so that the
 * parsing, sanitising and document building never run on the server's event loop.
 */
import { parentPort } from 'node:worker_threads';
import { sniffImage, updateFromProseMirrorJSON, type ImageMediaType } from '@concord/shared';
import { importDocument } from './import-document.js';
import { ImportError } from './import-error.js';
import type { ImportFormat } from './detect.js';
import { checkImportShape, precheckHtmlBlocks } from './import-shape.js';
import { resolveFormat } from './detect.js';

export interface ImportJob {
  id: number;
  filename: string;
  bytes: Uint8Array;
  format?: ImportFormat;
  maxBlocks: number;
  maxDepth: number;
}

/** An image the imported document's figures show: checked by content in the worker, stored by the caller. */
export interface ImportedImage {
  hash: string;
  mediaType: ImageMediaType;
  bytes: Uint8Array;
  width: number;
  height: number;
}

export type ImportJobResult =
  | { id: number; ok: true; update: Uint8Array; report: Awaited<ReturnType<typeof importDocument>>['report']; images: ImportedImage[] }
  | { id: number; ok: false; error: { code: ImportError['code'] | 'internal'; message: string } };

if (!parentPort) throw new Error('import-worker.ts must run in a worker thread');
const port = parentPort;

// The listener itself stays synchronous: answerJob catches every failure and
// always posts an answer, so the promise it returns carries nothing to handle.
port.on('message', (job: ImportJob) => void answerJob(job));

async function answerJob(job: ImportJob): Promise<void> {
  let answer: ImportJobResult;
  try {
    if (resolveFormat(job.filename, job.format) === 'html')
      precheckHtmlBlocks(new TextDecoder().decode(job.bytes), job.filename, job.maxBlocks);
    const { doc, report, images } = await importDocument({
      filename: job.filename,
      bytes: job.bytes,
      ...(job.format ? { format: job.format } : {}),
    });
    checkImportShape(doc as unknown as Record<string, unknown>, job.filename, { maxBlocks: job.maxBlocks, maxDepth: job.maxDepth });
    const update = updateFromProseMirrorJSON(doc as unknown as Record<string, unknown>);
    const kept: ImportedImage[] = [];
    for (const [hash, image] of images) {
      const size = sniffImage(image.bytes);
      if (size) kept.push({ hash, mediaType: size.mediaType, bytes: image.bytes, width: size.width, height: size.height });
    }
    answer = { id: job.id, ok: true, update, report, images: kept };
  } catch (err) {
    if (err instanceof ImportError) answer = { id: job.id, ok: false, error: { code: err.code, message: err.message } };
    else if (err instanceof RangeError)
      answer = { id: job.id, ok: false, error: { code: 'too_large', message: `"${job.filename}" is nested too deeply to import.` } };
    else answer = { id: job.id, ok: false, error: { code: 'internal', message: 'the import failed' } };
  }
  const transfer = answer.ok ? [answer.update.buffer as ArrayBuffer, ...answer.images.map((i) => i.bytes.buffer as ArrayBuffer)] : [];
  port.postMessage(answer, transfer);
}
port.postMessage({ ready: true });
