/**
 * The worker machinery behind imports and exports: a job over the time limit or
 * the heap limit fails with its own error, the worker is replaced, and the next
 * job runs; jobs beyond the queue are refused; closing refuses the rest.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { LimitedWorker, type WorkerErrors } from '../../src/workers/limited-worker.js';

type Job = { id: number; kind: 'echo' | 'spin' | 'hog'; text?: string };
type Answer = { id: number; text: string };

const errors: WorkerErrors<Job> = {
  busy: () => new Error('busy'),
  overTime: (job) => new Error(`over time: ${job.kind}`),
  overMemory: (job) => new Error(`over memory: ${job.kind}`),
  crashed: (job) => new Error(`crashed: ${job?.kind}`),
};

const workers: LimitedWorker<Job, Answer>[] = [];
function limited(limits: { timeMs: number; heapMb: number; maxWaiting?: number }): LimitedWorker<Job, Answer> {
  const w = new LimitedWorker<Job, Answer>(
    new URL('./hog-worker.ts', import.meta.url),
    { maxWaiting: 4, idleMs: 60_000, ...limits },
    errors,
  );
  workers.push(w);
  return w;
}
afterEach(async () => {
  for (const w of workers.splice(0)) await w.close();
});

describe('LimitedWorker', () => {
  it('a job past the time limit fails with overTime; a new worker answers the next', async () => {
    const w = limited({ timeMs: 300, heapMb: 64 });
    const order: string[] = [];
    const spun = w.run({ kind: 'spin' }).then(
      () => order.push('spin answered'),
      (err: unknown) => order.push((err as Error).message),
    );
    const echoed = w.run({ kind: 'echo', text: 'after' }).then((a) => order.push(`echo ${a.text}`));
    await Promise.all([spun, echoed]);
    expect(order).toEqual(['over time: spin', 'echo after']);
  }, 60_000);

  it('a job past the heap limit fails with overMemory; a new worker answers the next', async () => {
    const w = limited({ timeMs: 60_000, heapMb: 32 });
    await expect(w.run({ kind: 'hog' })).rejects.toThrow('over memory: hog');
    await expect(w.run({ kind: 'echo', text: 'still here' })).resolves.toMatchObject({ text: 'still here' });
  }, 60_000);

  it('refuses jobs beyond the queue, and every waiting job on close', async () => {
    const w = limited({ timeMs: 60_000, heapMb: 64, maxWaiting: 1 });
    const running = w.run({ kind: 'spin' });
    const waiting = w.run({ kind: 'echo', text: 'x' });
    await expect(w.run({ kind: 'echo', text: 'y' })).rejects.toThrow('busy');
    await w.close();
    await expect(running).rejects.toThrow('busy');
    await expect(waiting).rejects.toThrow('busy');
  }, 60_000);
});
