/**
 * A worker for limited-worker.test.ts: answers `echo` jobs at once, never
 * answers `spin` (a busy loop), and allocates without end on `hog`.
 */
import { parentPort } from 'node:worker_threads';

const port = parentPort!;
port.on('message', (job: { id: number; kind: 'echo' | 'spin' | 'hog'; text?: string }) => {
  if (job.kind === 'echo') return port.postMessage({ id: job.id, text: job.text });
  if (job.kind === 'spin') for (;;);
  const kept: number[][] = [];
  for (;;) kept.push(Array.from({ length: 100_000 }, (_, i) => i));
});
port.postMessage({ ready: true });
