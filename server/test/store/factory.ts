/**
 * What a contract suite needs from a backend: a fresh, empty set of stores per
 * test, and a way to throw it away afterwards; and the per-test setup every suite shares.
 */
import { afterEach, beforeEach, vi } from 'vitest';
import type { Stores } from '../../src/store/types.js';

export interface StoreFactory {
  /** Backend name, shown in test names. */
  name: string;
  open(): Promise<Stores>;
  /** Called after each test with what `open` returned. */
  dispose(stores: Stores): Promise<void>;
}

/** Contract suites compare timestamps; tests move this clock instead of sleeping. */
export const T0 = new Date('2030-01-01T00:00:00.000Z');

/** What a suite's fresh stores hold before each test: these users (u1…), documents d1 and d2, the clock at T0. */
interface Seed {
  users?: string[];
  docs?: boolean;
  /** false: the real clock (the suite passes its own times). */
  clock?: boolean;
}

/** Opens fresh stores from `factory` before each test, seeded, hands them to `use`, and throws them away after. */
export function storesPerTest(factory: StoreFactory, seed: Seed, use: (stores: Stores) => void): void {
  let stores: Stores | undefined;
  beforeEach(async () => {
    if (seed.clock !== false) {
      vi.useFakeTimers({ toFake: ['Date'] });
      vi.setSystemTime(T0);
    }
    stores = await factory.open();
    for (const id of seed.users ?? [])
      await stores.accounts.createUser({ id, email: `${id}@example.org`, name: id, color: '#000000', passwordHash: 'x' });
    if (seed.docs) {
      await stores.docs.createDoc({ id: 'd1', title: 'One' });
      await stores.docs.createDoc({ id: 'd2', title: 'Two' });
    }
    use(stores);
  });
  afterEach(async () => {
    if (seed.clock !== false) vi.useRealTimers();
    if (stores) await factory.dispose(stores);
    stores = undefined;
  });
}
