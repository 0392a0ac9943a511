// Entry of a worker thread started from the TypeScript sources (see limited-worker.ts):
// plain JavaScript, so that it starts under any parent (tsx, vitest); it registers tsx,
// then loads the TypeScript module named in workerData.entry.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
