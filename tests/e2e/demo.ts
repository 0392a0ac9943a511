/** The demo commission, as seeded by the server on first start (DEMO=true). */
import { DEMO_PASSWORD } from '@concord/server/demo/seed';
import type { RunningServer } from '@concord/server/app';
import { api, login } from '../helpers/users.js';

export { DEMO_PASSWORD };

export const demo = {
  author: { email: 'author@demo.concord', name: 'Amira Haddad (author)' },
  ines: { email: 'ines@demo.concord', name: 'Inès Moreau' },
  tom: { email: 'tom@demo.concord', name: 'Tom Becker' },
  priya: { email: 'priya@demo.concord', name: 'Priya Nair' },
  observer: { email: 'observer@demo.concord', name: 'Sam Okafor (observer)' },
} as const;

/** Id of the demo document (the author's only document on a fresh server). */
export async function demoDocId(server: RunningServer): Promise<string> {
  const cookie = await login(server, demo.author.email, DEMO_PASSWORD);
  const res = await api(server, cookie, 'GET', '/api/docs');
  const doc = res.body.docs[0];
  if (!doc) throw new Error('no demo document');
  return doc.id as string;
}
