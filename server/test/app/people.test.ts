/**
 * User id → name is resolved one way (auth/people.ts) by every service: the
 * members list, votes, proposals, exports and the audit log show the same name
 * for the same id, including the CLI's and the server's own actor ids and
 * accounts that are gone.
 */
import { describe, expect, it } from 'vitest';
import { openMemoryStores } from '../../src/store/open-stores.js';
import { CLI_ACTOR_ID, displayName, FORMER_MEMBER, peopleById, SYSTEM_ACTOR_ID } from '../../src/auth/people.js';

describe('display names', () => {
  it('names an account by its name, the CLI and system actors by what they are, anyone else as a former member', async () => {
    const stores = openMemoryStores();
    const ada = await stores.accounts.createUser({
      id: 'u_ada',
      email: 'ada@example.org',
      name: 'Ada',
      passwordHash: 'x',
      color: '#123456',
    });
    const person = await peopleById(stores.accounts, [ada.id, CLI_ACTOR_ID, SYSTEM_ACTOR_ID, 'u_gone']);
    expect([ada.id, CLI_ACTOR_ID, SYSTEM_ACTOR_ID, 'u_gone'].map((id) => person(id).name)).toEqual([
      'Ada',
      'server administrator (CLI)',
      'Concord (deadline)',
      FORMER_MEMBER,
    ]);
    expect(displayName('u_gone', undefined)).toBe(FORMER_MEMBER);
    await stores.close();
  });
});
