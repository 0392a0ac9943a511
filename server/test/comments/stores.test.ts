/** Runs the comment and notification store contracts against every backend. */
import { memory, sqlite } from '../store/backends.js';
import { commentStoreContract } from './comment-store.contract.js';
import { notificationStoreContract } from './notification-store.contract.js';

for (const factory of [memory, sqlite]) {
  commentStoreContract(factory);
  notificationStoreContract(factory);
}
