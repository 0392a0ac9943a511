/** User id → display name, the one way every service (and the CLI) resolves it. */
import type { Person } from '@concord/shared';
import type { AccountStore, User } from '../store/types.js';

export type { Person };
export const FORMER_MEMBER = '(former member)';
/** The audit log's actor id for changes made with the `concord` CLI, and how it is shown. */
export const CLI_ACTOR_ID = 'cli';
const CLI_ACTOR_NAME = 'server administrator (CLI)';
/** The audit log's actor id for what the server does by itself (a review round closed by its deadline). */
export const SYSTEM_ACTOR_ID = 'system';
const SYSTEM_ACTOR_NAME = 'Concord (deadline)';

/** The name shown for a user id: the account's name, who the CLI and system actors are, else "(former member)". */
export function displayName(userId: string, user: Pick<User, 'name'> | undefined): string {
  if (user) return user.name;
  return userId === CLI_ACTOR_ID ? CLI_ACTOR_NAME : userId === SYSTEM_ACTOR_ID ? SYSTEM_ACTOR_NAME : FORMER_MEMBER;
}

/** The accounts of these user ids, each read once (undefined: the account is gone, or a CLI/system actor). */
export async function usersById(accounts: AccountStore, ids: Iterable<string>): Promise<Map<string, User | undefined>> {
  const unique = [...new Set(ids)];
  const users = await Promise.all(unique.map((id) => accounts.getUser(id)));
  return new Map(unique.map((id, i) => [id, users[i]]));
}

/** Display names for user ids; someone whose account is gone shows as "(former member)". */
export async function peopleById(accounts: AccountStore, ids: Iterable<string>): Promise<(id: string) => Person> {
  const users = await usersById(accounts, ids);
  return (userId) => ({ userId, name: displayName(userId, users.get(userId)) });
}
