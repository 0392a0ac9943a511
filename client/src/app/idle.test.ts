import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { inIdleSlices, whenIdle } from './idle';

describe('idle work', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('runs later, not at once, and not at all once cancelled', async () => {
    const ran: string[] = [];
    whenIdle(() => ran.push('kept'));
    whenIdle(() => ran.push('cancelled'))();
    expect(ran).toEqual([]);
    await vi.runAllTimersAsync();
    expect(ran).toEqual(['kept']);
  });

  it('gives the page back between slices until the work says it is done', async () => {
    let slices = 0;
    let left = 3;
    inIdleSlices((deadline) => {
      slices++;
      expect(deadline).toBeGreaterThan(performance.now() - 1);
      return --left === 0;
    });
    expect(slices).toBe(0);
    await vi.advanceTimersToNextTimerAsync();
    expect(slices).toBe(1);
    await vi.runAllTimersAsync();
    expect(slices).toBe(3);

    let more = 0;
    const cancel = inIdleSlices(() => (more++, false));
    await vi.advanceTimersToNextTimerAsync();
    cancel();
    await vi.advanceTimersByTimeAsync(5_000);
    expect(more).toBe(1);
  });
});
