/** Runs every store contract against every backend. */
import { afterAll, beforeAll } from 'vitest';
import { memory, postgresBackend, sqlite, sqliteWithWriter } from './backends.js';
import { docStoreContract } from './doc-store.contract.js';
import { accountStoreContract } from './account-store.contract.js';
import { memberStoreContract } from './member-store.contract.js';
import { invitationStoreContract } from './invitation-store.contract.js';
import { proposalStoreContract } from './proposal-store.contract.js';
import { consensusStoreContract } from './consensus-store.contract.js';
import { imageStoreContract } from './image-store.contract.js';
import { roundAndMailStoreContract } from './round-mail-store.contract.js';
import { versionStoreContract } from './version-store.contract.js';

const postgres = postgresBackend();
beforeAll(() => postgres.start(), 180_000);
afterAll(() => postgres.stop(), 60_000);

for (const factory of [memory, sqlite, postgres]) {
  docStoreContract(factory);
  accountStoreContract(factory);
  memberStoreContract(factory);
  invitationStoreContract(factory);
  proposalStoreContract(factory);
  consensusStoreContract(factory);
  imageStoreContract(factory);
  roundAndMailStoreContract(factory);
  versionStoreContract(factory);
}
// Only the document log is written by the writer thread; the other stores are unchanged.
docStoreContract(sqliteWithWriter);
