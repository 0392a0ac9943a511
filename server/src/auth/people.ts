/** User id → display name, the one way every service resolves it. */
import type { Person } from '@concord/shared';
import type { AccountStore } from '../store/types.js';

export type { Person };
export const FORMER_MEMBER = '(former member)';
/** The audit log's actor id for changes made with the `concord` CLI, and how it is shown. */
export const CLI_ACTOR_ID = 'cli';
const CLI_ACTOR_NAME = 'server administrator (CLI)';
/** The audit log's actor id for what the server does by itself (a review round closed by its deadline). */
export const SYSTEM_ACTOR_ID = 'system';
const SYSTEM_ACTOR_NAME = 'Concord (deadline)';

/** Display names for user ids; someone whose account is gone shows as "(former member)". */
export async function peopleById(accounts: AccountStore, ids: Iterable<string>): Promise<(id: string) => Person> {
  const unique = [...new Set(ids)];
  const users = await Promise.all(unique.map((id) => accounts.getUser(id)));
  const names = new Map(
    unique.map((id, i) => [
      id,
      users[i]?.name ?? (id === CLI_ACTOR_ID ? CLI_ACTOR_NAME : id === SYSTEM_ACTOR_ID ? SYSTEM_ACTOR_NAME : FORMER_MEMBER),
    ]),
  );
  return (userId) => ({ userId, name: names.get(userId) ?? FORMER_MEMBER });
}
