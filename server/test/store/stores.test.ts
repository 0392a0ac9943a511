/** Runs every store contract against every backend. */
import { memory, sqlite } from './backends.js';
import { docStoreContract } from './doc-store.contract.js';
import { accountStoreContract } from './account-store.contract.js';
import { memberStoreContract } from './member-store.contract.js';
import { proposalStoreContract } from './proposal-store.contract.js';

for (const factory of [memory, sqlite]) {
  docStoreContract(factory);
  accountStoreContract(factory);
  memberStoreContract(factory);
  proposalStoreContract(factory);
}
