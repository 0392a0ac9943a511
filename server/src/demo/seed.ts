/**
 * First start into an empty data dir: create a demo commission (an author,
 * four commissioners, a publisher, an observer) and a demo document, and print
 * how to sign in. Turned off with DEMO=false.
 */
import { updateFromProseMirrorJSON } from '@concord/shared';
import type { Role, Stores } from '../store/types.js';
import type { Logger } from '../logger.js';
import { addUser } from '../auth/accounts.js';
import { createDocument } from '../docs/create-document.js';
import { sampleReport } from './sample-report.js';

export const DEMO_PASSWORD = 'concord-demo';

export const DEMO_PEOPLE: { email: string; name: string; role: Role }[] = [
  { email: 'author@demo.concord', name: 'Amira Haddad (author)', role: 'author' },
  { email: 'ines@demo.concord', name: 'Inès Moreau', role: 'commissioner' },
  { email: 'tom@demo.concord', name: 'Tom Becker', role: 'commissioner' },
  { email: 'priya@demo.concord', name: 'Priya Nair', role: 'commissioner' },
  { email: 'kofi@demo.concord', name: 'Kofi Mensah', role: 'commissioner' },
  { email: 'publisher@demo.concord', name: 'Lena Novak (publisher)', role: 'publisher' },
  { email: 'observer@demo.concord', name: 'Sam Okafor (observer)', role: 'observer' },
];

/** Seeds only when there are no users and no documents. Returns whether it seeded. */
export async function seedDemo(stores: Stores, log: Logger): Promise<boolean> {
  if ((await stores.accounts.listUsers()).length > 0 || (await stores.docs.listDocs()).length > 0) return false;
  const users = [];
  for (const person of DEMO_PEOPLE) users.push({ person, user: await addUser(stores.accounts, { ...person, password: DEMO_PASSWORD }) });
  const author = users.find((u) => u.person.role === 'author')!.user;
  const doc = await createDocument(stores, {
    title: 'Fair Work in the Care Sector — draft report',
    authorId: author.id,
    initialUpdate: updateFromProseMirrorJSON(sampleReport()),
  });
  for (const { person, user } of users) if (user.id !== author.id) await stores.members.setMember(doc.id, user.id, person.role);
  log.info(
    { accounts: DEMO_PEOPLE.map((p) => `${p.email} (${p.role})`), password: '[see README]' },
    'demo commission created',
  );
  // Printed plainly as well: this is what a newcomer reads in the terminal.
  process.stdout.write(
    `\nDemo commission created. Sign in with any of these (password: ${DEMO_PASSWORD}):\n` +
      DEMO_PEOPLE.map((p) => `  ${p.email.padEnd(26)} ${p.role}`).join('\n') +
      '\n\n',
  );
  return true;
}
