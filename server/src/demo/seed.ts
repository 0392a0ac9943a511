/**
 * First start into an empty data dir: create a demo commission (an author,
 * four commissioners, a publisher, an observer) and a demo document. Turned off
 * with DEMO=false. How to sign in is told by main.ts (the terminal) and the
 * sign-in page (demo-sign-in.ts).
 */
import { extractBlocks, updateFromProseMirrorJSON } from '@concord/shared';
import type { Role, Stores } from '../store/types.js';
import type { Logger } from '../logger.js';
import { addAccount } from '../auth/accounts.js';
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
  for (const person of DEMO_PEOPLE) users.push({ person, user: await addAccount(stores, { ...person, password: DEMO_PASSWORD }) });
  const author = users.find((u) => u.person.role === 'author')!.user;
  const report = sampleReport();
  const doc = await createDocument(stores, {
    title: 'Fair Work in the Care Sector — draft report',
    authorId: author.id,
    initialUpdate: updateFromProseMirrorJSON(report),
  });
  for (const { person, user } of users) if (user.id !== author.id) await stores.members.setMember(doc.id, user.id, person.role);
  await seedDemoVotes(
    stores,
    doc.id,
    users.filter((u) => u.person.role === 'commissioner').map((u) => u.user.id),
    report,
  );
  log.info({ accounts: DEMO_PEOPLE.map((p) => `${p.email} (${p.role})`), password: '[see README]' }, 'demo commission created');
  return true;
}

/**
 * A commission part-way through its work, so the margin has something to show:
 * the opening sections agreed by everyone, some paragraphs half-reviewed, one
 * disputed with a reason, the rest untouched.
 */
async function seedDemoVotes(stores: Stores, docId: string, commissioners: string[], report: Record<string, unknown>): Promise<void> {
  const blocks = extractBlocks(report as never);
  const at = new Date().toISOString();
  const vote = (blockIndex: number, userId: string, stance: 'agree' | 'dispute', reason: string | null = null) => {
    const block = blocks[blockIndex]!;
    return stores.consensus.putVote({
      docId,
      blockId: block.id!,
      userId,
      stance,
      reason,
      fingerprint: block.fingerprint,
      text: block.text,
      at,
    });
  };
  // Everyone agrees on the title, the introduction and section 1.
  for (let i = 0; i <= 5; i++) for (const userId of commissioners) await vote(i, userId, 'agree');
  // Section 2: three of four have agreed so far.
  for (let i = 6; i <= 10; i++) for (const userId of commissioners.slice(0, 3)) await vote(i, userId, 'agree');
  // The funding paragraph is disputed.
  const funding = blocks.findIndex((b) => b.text.startsWith('Public commissioning bodies'));
  if (funding >= 0) {
    await vote(funding, commissioners[0]!, 'agree');
    await vote(
      funding,
      commissioners[1]!,
      'dispute',
      'We should say who pays: without a funding source this recommendation will be ignored.',
    );
  }
}
