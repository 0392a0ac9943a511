/**
 * Imports run off the event loop, in one worker thread with a heap limit and a
 * time limit per file (workers/limited-worker.ts): a 23 KB DOCX of 100 000 empty
 * paragraphs once stalled every other request and socket for 28 s and took 1.7 GiB.
 * Files are converted one at a time; a few more may wait, the rest are refused.
 */
import { DomainError } from '../domain/domain-error.js';
import { ImportError } from './import-error.js';
import type { ImportFormat } from './detect.js';
import type { ImportJob, ImportJobResult } from './import-worker.js';
import { MAX_IMPORT_BLOCKS } from './import-shape.js';
import { MAX_NESTING_DEPTH } from '../sync/nesting-depth.js';
import { LimitedWorker, type WorkerLimits } from '../workers/limited-worker.js';

export interface ImportLimits extends WorkerLimits {
  maxBlocks: number;
}

export const DEFAULT_IMPORT_LIMITS: ImportLimits = {
  timeMs: 20_000,
  heapMb: 512,
  maxBlocks: MAX_IMPORT_BLOCKS,
  maxWaiting: 4,
  idleMs: 60_000,
};

/** Every import worker slot is taken: 503 with Retry-After 5. */
export class ImportBusyError extends DomainError {
  constructor() {
    super('busy', 'the importer is busy; try again shortly', undefined, 5);
    this.name = 'ImportBusyError';
  }
}

export type ImportOutcome = Extract<ImportJobResult, { ok: true }>;

// Built (server/dist): the bundled worker next to this code; from the sources, the TypeScript module.
const WORKER = new URL(import.meta.url.endsWith('.ts') ? './import-worker.ts' : './import-worker.js', import.meta.url);

export class ImportRunner {
  private readonly worker: LimitedWorker<ImportJob, ImportJobResult>;

  /** @param onStart called when the worker takes a file (for logs). */
  constructor(
    private readonly limits: ImportLimits = DEFAULT_IMPORT_LIMITS,
    onStart?: (job: { filename: string; bytes: number }) => void,
  ) {
    this.worker = new LimitedWorker<ImportJob, ImportJobResult>(
      WORKER,
      limits,
      {
        busy: () => new ImportBusyError(),
        overTime: (job) =>
          new ImportError('too_large', `"${job.filename}" took longer than ${limits.timeMs / 1000} s to import; that is the limit.`),
        overMemory: (job) =>
          new ImportError('too_large', `"${job.filename}" needed more than ${limits.heapMb} MB of memory to import; that is the limit.`),
        crashed: (job) =>
          new ImportError('malformed', job ? `"${job.filename}" could not be imported.` : 'The import stopped unexpectedly.'),
      },
      onStart && ((job) => onStart({ filename: job.filename, bytes: job.bytes.byteLength })),
    );
  }

  /** Converts a file to a new document's Yjs update; rejects with ImportError or ImportBusyError. */
  async run(input: { filename: string; bytes: Uint8Array; format?: ImportFormat }): Promise<ImportOutcome> {
    const result = await this.worker.run({ ...input, maxBlocks: this.limits.maxBlocks, maxDepth: MAX_NESTING_DEPTH });
    if (result.ok) return result;
    if (result.error.code === 'internal') throw new Error(result.error.message);
    throw new ImportError(result.error.code, result.error.message);
  }

  close(): Promise<void> {
    return this.worker.close();
  }
}
