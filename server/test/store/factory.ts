/**
 * What a contract suite needs from a backend: a fresh, empty set of stores per
 * test, and a way to throw it away afterwards.
 */
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
