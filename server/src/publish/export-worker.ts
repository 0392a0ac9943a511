/**
 * Runs inside the export worker thread (see export-runner.ts): renders an export
 * from the input the server read from its stores, so that building a DOCX or a
 * 150-page PDF never runs on the server's event loop.
 */
import { parentPort } from 'node:worker_threads';
import { ExportLimitError, type ExportInput, type ExportedFile, type ExportManifest, type PublishFormat } from '@concord/shared';
import { renderExport, renderManifest } from './render-export.js';

export type ExportJob = { id: number; input: ExportInput } & ({ kind: 'file'; format: PublishFormat } | { kind: 'manifest' });

export type ExportJobResult =
  | { id: number; ok: true; file: ExportedFile }
  | { id: number; ok: true; manifest: ExportManifest }
  | { id: number; ok: false; error: { code: 'too_large' | 'internal'; message: string } };

if (!parentPort) throw new Error('export-worker.ts must run in a worker thread');
const port = parentPort;

// The listener stays synchronous: answerJob catches every failure and always posts an answer.
port.on('message', (job: ExportJob) => void answerJob(job));

async function answerJob(job: ExportJob): Promise<void> {
  let answer: ExportJobResult;
  try {
    answer =
      job.kind === 'file'
        ? { id: job.id, ok: true, file: await renderExport(job.input, job.format) }
        : { id: job.id, ok: true, manifest: await renderManifest(job.input) };
  } catch (err) {
    // The images over the export's cap: refused before anything was written (413 for the caller).
    if (err instanceof ExportLimitError) answer = { id: job.id, ok: false, error: { code: 'too_large', message: err.message } };
    else answer = { id: job.id, ok: false, error: { code: 'internal', message: err instanceof Error ? err.message : 'the export failed' } };
  }
  // The file's bytes move rather than copy, unless they are a view into a larger (pooled) buffer.
  const bytes = answer.ok && 'file' in answer ? answer.file.bytes : undefined;
  const transfer = bytes && bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? [bytes.buffer as ArrayBuffer] : [];
  port.postMessage(answer, transfer);
}
port.postMessage({ ready: true });
