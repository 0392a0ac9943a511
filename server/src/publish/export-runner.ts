/**
 * Exports render off the event loop, in one worker thread with a heap limit and
 * a time limit per export (workers/limited-worker.ts, the imports' machinery):
 * a 150-page PDF held every other request and socket of the server for 2-9 s.
 * The server reads the document, votes and images (buildExportInput) and the
 * worker renders them; one export at a time, a few more may wait.
 */
import { tooLarge, busy } from '../domain/domain-error.js';
import type { ExportInput, ExportedFile, ExportManifest, PublishFormat } from '@concord/shared';
import type { ExportJob, ExportJobResult } from './export-worker.js';
import { LimitedWorker, type WithoutId, type WorkerLimits } from '../workers/limited-worker.js';

const WORKER = new URL(import.meta.url.endsWith('.ts') ? './export-worker.ts' : './export-worker.js', import.meta.url);

type JobInput = WithoutId<ExportJob>;

function what(job: JobInput): string {
  return job.kind === 'file' ? `The ${job.format.toUpperCase()} export` : 'The export manifest';
}

export class ExportRunner {
  private readonly worker: LimitedWorker<ExportJob, ExportJobResult>;

  constructor(limits: { timeMs: number; heapMb: number }, onStart?: (job: { kind: string; format?: string }) => void) {
    const all: WorkerLimits = { ...limits, maxWaiting: 8, idleMs: 60_000 };
    this.worker = new LimitedWorker<ExportJob, ExportJobResult>(
      WORKER,
      all,
      {
        busy: () => busy('the exporter is busy; try again shortly', 5),
        overTime: (job) =>
          tooLarge(`${what(job)} took longer than ${all.timeMs / 1000} s, the limit (EXPORT_TIME_LIMIT_SECONDS); nothing was written.`),
        overMemory: (job) =>
          tooLarge(`${what(job)} needed more than ${all.heapMb} MB of memory, the limit (EXPORT_MEMORY_LIMIT_MB); nothing was written.`),
        crashed: (job) => new Error(`${job ? what(job) : 'An export'} stopped unexpectedly`),
      },
      onStart && ((job) => onStart(job.kind === 'file' ? { kind: job.kind, format: job.format } : { kind: job.kind })),
    );
  }

  /** One file, as GET /export answers it. */
  async file(input: ExportInput, format: PublishFormat): Promise<ExportedFile> {
    const result = await this.run({ kind: 'file', input, format });
    if (!('file' in result)) throw new Error('the export worker answered without a file');
    return result.file;
  }

  /** The manifest over every format. */
  async manifest(input: ExportInput): Promise<ExportManifest> {
    const result = await this.run({ kind: 'manifest', input });
    if (!('manifest' in result)) throw new Error('the export worker answered without a manifest');
    return result.manifest;
  }

  close(): Promise<void> {
    return this.worker.close();
  }

  private async run(job: JobInput): Promise<Extract<ExportJobResult, { ok: true }>> {
    const result = await this.worker.run(job);
    if (result.ok) return result;
    // Images over the cap: 413 like every limit; anything else is the server's fault (500).
    if (result.error.code === 'too_large') throw tooLarge(result.error.message);
    throw new Error(result.error.message);
  }
}
