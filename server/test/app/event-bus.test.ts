/** The in-process event bus: typed subscriptions, delivery in order, handler failures contained. */
import { describe, expect, it } from 'vitest';
import type { ConcordEvent } from '@concord/shared';
import { InProcessEventBus } from '../../src/events/event-bus.js';

const renamed = (title: string): ConcordEvent => ({ type: 'doc.renamed', docId: 'd1', title });

describe('InProcessEventBus', () => {
  it('delivers each event to the handlers of its type, in subscription order', async () => {
    const bus = new InProcessEventBus((err) => {
      throw err;
    });
    const seen: string[] = [];
    bus.subscribe('doc.renamed', (e) => void seen.push(`a:${e.title}`));
    bus.subscribe('doc.renamed', (e) => void seen.push(`b:${e.title}`));
    bus.subscribe('doc.deleted', (e) => void seen.push(`deleted:${e.docId}`));
    await bus.publish(renamed('One'));
    await bus.publish({ type: 'doc.deleted', docId: 'd9' });
    expect(seen).toEqual(['a:One', 'b:One', 'deleted:d9']);
  });

  it('resolves publish once asynchronous handlers are done', async () => {
    const bus = new InProcessEventBus(() => {});
    let done = false;
    bus.subscribe('doc.renamed', async () => {
      await new Promise((r) => setTimeout(r, 20));
      done = true;
    });
    await bus.publish(renamed('x'));
    expect(done).toBe(true);
  });

  it('reports a failing handler and still delivers to the others; publish never rejects', async () => {
    const errors: string[] = [];
    const bus = new InProcessEventBus((err, event) => errors.push(`${event.type}: ${(err as Error).message}`));
    const seen: string[] = [];
    bus.subscribe('doc.renamed', () => {
      throw new Error('sync boom');
    });
    bus.subscribe('doc.renamed', async () => {
      throw new Error('async boom');
    });
    bus.subscribe('doc.renamed', (e) => void seen.push(e.title));
    await expect(bus.publish(renamed('T'))).resolves.toBeUndefined();
    expect(seen).toEqual(['T']);
    expect(errors.sort()).toEqual(['doc.renamed: async boom', 'doc.renamed: sync boom']);
  });

  it('stops delivering after unsubscribing', async () => {
    const bus = new InProcessEventBus(() => {});
    let count = 0;
    const off = bus.subscribe('doc.renamed', () => void count++);
    await bus.publish(renamed('1'));
    off();
    await bus.publish(renamed('2'));
    expect(count).toBe(1);
  });
});
