/**
 * A small commission for browser tests: an author, commissioners, a publisher
 * and an observer, a report imported as Markdown, and helpers for the gutter
 * and its popover.
 */
import type { Page } from 'playwright-core';
import type { TestServer } from '../../helpers/server.js';
import { signedInUser, type SignedIn } from '../../helpers/users.js';

const REPORT = [
  '# Report on fair work in care',
  'Care workers look after more than a million people at home and in residential settings.',
  'The commission was asked to recommend how pay, training and working time could be set fairly.',
  '## What we heard',
  'Over six months the commission held eleven public hearings and received 412 written submissions.',
  '- Pay is 14% below comparable public-sector roles.',
  '- Travel time between visits is often unpaid.',
  '## Recommendations',
  'A sector-wide minimum rate, negotiated every year by a standing forum.',
  'Training should be recognised across employers and paid for by the state.',
  '',
].join('\n\n');

export interface Commission {
  docId: string;
  author: SignedIn;
  commissioners: SignedIn[];
  publisher: SignedIn;
  observer: SignedIn;
}

async function importReport(server: TestServer, author: SignedIn, markdown = REPORT, title = 'Fair work in care'): Promise<string> {
  const res = await fetch(`${server.url}/api/docs/import?filename=report.md&title=${encodeURIComponent(title)}`, {
    method: 'POST',
    headers: { cookie: author.cookie },
    body: markdown,
  });
  if (res.status !== 201) throw new Error(`import failed: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { id: string }).id;
}

export interface CommissionOptions {
  commissionerNames?: string[];
  authorName?: string;
  markdown?: string;
}

export async function setUpCommission(server: TestServer, options: CommissionOptions = {}): Promise<Commission> {
  const { commissionerNames: names = ['Inès Moreau', 'Tom Becker'], authorName = 'Amira Haddad', markdown = REPORT } = options;
  const author = await signedInUser(server, authorName);
  const commissioners = await Promise.all(names.map((name) => signedInUser(server, name)));
  const publisher = await signedInUser(server, 'Lena Novak');
  const observer = await signedInUser(server, 'Sam Okafor');
  const docId = await importReport(server, author, markdown);
  const members = server.services.stores.members;
  for (const c of commissioners) await members.setMember(docId, c.user.id, 'commissioner');
  await members.setMember(docId, publisher.user.id, 'publisher');
  await members.setMember(docId, observer.user.id, 'observer');
  return { docId, author, commissioners, publisher, observer };
}

export const popover = '[data-testid="block-popover"]';
export const marker = (blockId: string) => `[data-testid="gutter-marker"][data-block-id="${blockId}"]`;

export async function blockIdOf(page: Page, text: string): Promise<string> {
  const id = await page.locator('[data-testid="editor"] :is(p, h1, h2, h3, h4)', { hasText: text }).first().getAttribute('data-id');
  if (!id) throw new Error(`no block with text ${text}`);
  return id;
}

export async function waitForVotesLoaded(page: Page): Promise<void> {
  await page.waitForSelector('[data-testid="consensus-panel"][data-load="ready"]', { state: 'attached' });
}

/**
 * What the editor page draws in idle time once the document and votes are in is drawn: the
 * outline's section progress (the consensus view, rebuilt in idle time: consensus-store.ts),
 * which widens each heading's row, and the word count (WordCount.tsx). A page measured before
 * then is measured without them.
 */
export async function waitForIdleViews(page: Page): Promise<void> {
  await page.waitForSelector('[data-testid="outline"] [data-testid="section-progress"]', { state: 'attached' });
  await page.waitForSelector('[data-testid="word-count"]:not([data-words="0"])', { state: 'attached' });
}
