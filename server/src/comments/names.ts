import type { AccountStore } from '../store/types.js';

export interface Person {
  userId: string;
  name: string;
}

/** Display names for user ids; someone whose account is gone shows as "(former member)". */
export async function peopleById(accounts: AccountStore, ids: Iterable<string>): Promise<(id: string) => Person> {
  const unique = [...new Set(ids)];
  const users = await Promise.all(unique.map((id) => accounts.getUser(id)));
  const names = new Map(unique.map((id, i) => [id, users[i]?.name ?? '(former member)']));
  return (userId) => ({ userId, name: names.get(userId) ?? '(former member)' });
}
