/** A commission's document with three chapters (one with a sub-section), for review-round and email tests. */
import { docFragment, replaceDocContent } from '@concord/shared';
import type { TestServer } from '../../helpers/server.js';
import { api, createCommissionDoc, signedInCommission, type Commission, type SignedIn } from '../../helpers/users.js';
import { stockClient, synced, waitFor } from '../../helpers/yclient.js';

const text = (t: string) => [{ type: 'text', text: t }];
const heading = (id: string, level: number, t: string) => ({ type: 'heading', attrs: { id, level }, content: text(t) });
const para = (id: string, t: string) => ({ type: 'paragraph', attrs: { id }, content: text(t) });

/** Chapter 1 (h1: p1, p2, sub-section h1a: p3), Chapter 2 (h2: p4), Chapter 3 (h3: p5). */
const ROUND_DOC = {
  type: 'doc',
  content: [
    heading('h1', 1, 'Chapter 1'),
    para('p1', 'Rents should be capped.'),
    para('p2', 'Social housing needs funding.'),
    heading('h1a', 2, 'Section 1.1'),
    para('p3', 'Tenants need protection.'),
    heading('h2', 1, 'Chapter 2'),
    para('p4', 'Planning rules should change.'),
    heading('h3', 1, 'Chapter 3'),
    para('p5', 'Review in five years.'),
  ],
};

export interface RoundFixture extends Commission {
  docId: string;
}

/** Creates the commission and the document, written through a stock client; resolves once the server holds it. */
export async function roundFixture(server: TestServer, title = 'Housing report'): Promise<RoundFixture> {
  const people = await signedInCommission(server);
  const docId = await createCommissionDoc(server, people, title);
  const writer = stockClient(server.url, docId, people.author.cookie);
  try {
    await synced(writer);
    replaceDocContent(writer.doc, ROUND_DOC);
    await waitFor(
      () => {
        const room = server.services.rooms.get(docId);
        return !!room && docFragment(room.doc).toString().includes('Review in five years.');
      },
      10_000,
      'content on the server',
    );
  } finally {
    writer.destroy();
  }
  return { ...people, docId };
}

export async function agree(server: TestServer, f: RoundFixture, who: SignedIn, blockId: string): Promise<void> {
  const view = await api(server, f.author.cookie, 'GET', `/api/docs/${f.docId}/consensus`);
  const block = view.body.blocks.find((b: { id: string }) => b.id === blockId);
  const res = await api(server, who.cookie, 'PUT', `/api/docs/${f.docId}/blocks/${blockId}/vote`, {
    stance: 'agree',
    fingerprint: block.fingerprint,
  });
  if (res.status !== 200) throw new Error(`vote failed: ${res.status} ${JSON.stringify(res.body)}`);
}

export const inDays = (days: number) => new Date(Date.now() + days * 24 * 3600_000).toISOString();
