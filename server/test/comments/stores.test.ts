/** Runs the comment and notification store contracts against every backend. */
import { afterAll, beforeAll } from 'vitest';
import { memory, postgresBackend, sqlite } from '../store/backends.js';
import { commentStoreContract } from './comment-store.contract.js';
import { notificationStoreContract } from './notification-store.contract.js';

const postgres = postgresBackend();
beforeAll(() => postgres.start(), 180_000);
afterAll(() => postgres.stop(), 60_000);

for (const factory of [memory, sqlite, postgres]) {
  commentStoreContract(factory);
  notificationStoreContract(factory);
}
