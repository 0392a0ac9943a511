/**
 * A commission of three commissioners, each with a live socket on one document
 * of paragraphs with known ids: what the proposal tests start from.
 */
import * as Y from 'yjs';
import { BLOCK_ID_ATTR, docFragment, ydocToProseMirror } from '@concord/shared';
import type { TestServer } from '../../helpers/server.js';
import { api, createCommissionDoc, signedInCommission, signedInUser, type Commission, type SignedIn } from '../../helpers/users.js';
import { stockClient, synced, waitFor, type StockClient } from '../../helpers/yclient.js';
import { listenConcord, type ConcordInbox } from './concord-messages.js';

export interface ProposalCommission extends Commission {
  c3: SignedIn;
  docId: string;
  /** One live client per commissioner (c1, c2, c3), listening to Concord events. */
  clients: { who: SignedIn; client: StockClient; inbox: ConcordInbox }[];
  dispose(): void;
}

export async function proposalCommission(server: TestServer, paragraphs: Record<string, string>): Promise<ProposalCommission> {
  const people = await signedInCommission(server);
  const c3 = await signedInUser(server, 'Zoe');
  const docId = await createCommissionDoc(server, people);
  await server.services.stores.members.setMember(docId, c3.user.id, 'commissioner');
  const clients = [people.c1, people.c2, c3].map((who) => {
    const client = stockClient(server.url, docId, who.cookie, { concord: true });
    return { who, client, inbox: listenConcord(client) };
  });
  await Promise.all(clients.map(({ client }) => synced(client)));
  const writer = clients[0]!.client;
  const fragment = docFragment(writer.doc);
  writer.doc.transact(() => {
    fragment.insert(
      0,
      Object.entries(paragraphs).map(([id, text]) => {
        const p = new Y.XmlElement('paragraph');
        p.setAttribute(BLOCK_ID_ATTR, id);
        p.insert(0, [new Y.XmlText(text)]);
        return p;
      }),
    );
  });
  const ids = Object.keys(paragraphs);
  await waitFor(
    () => clients.every(({ client }) => ids.every((id) => blockText(client.doc, id) === paragraphs[id])),
    30_000,
    'paragraphs on every client',
  );
  return { ...people, c3, docId, clients, dispose: () => clients.forEach(({ client }) => client.destroy()) };
}

/** The text of the block with this id in a client's copy, undefined if absent. */
export function blockText(doc: Y.Doc, blockId: string): string | undefined {
  let found: string | undefined;
  ydocToProseMirror(doc).descendants((node) => {
    if (found === undefined && node.attrs[BLOCK_ID_ATTR] === blockId) found = node.textContent;
    return found === undefined;
  });
  return found;
}

/** Replaces a block's text from a client, as a person typing would (one Y transaction). */
export function editBlock(client: StockClient, blockId: string, text: string): void {
  const element = docFragment(client.doc)
    .toArray()
    .find((e): e is Y.XmlElement => e instanceof Y.XmlElement && e.getAttribute(BLOCK_ID_ATTR) === blockId);
  if (!element) throw new Error(`no block ${blockId}`);
  const xmlText = element.get(0) as Y.XmlText;
  client.doc.transact(() => {
    xmlText.delete(0, xmlText.length);
    xmlText.insert(0, text);
  });
}

export interface BlockView {
  id: string;
  text: string;
  fingerprint: string;
  status: string;
  votes: { userId: string; stance: string; stale: boolean; reason: string | null }[];
  proposals: { id: string; status: string; outdated: boolean; consensus: { status: string; support: number } }[];
}

export async function blockView(server: TestServer, who: SignedIn, docId: string, blockId: string): Promise<BlockView> {
  const res = await api(server, who.cookie, 'GET', `/api/docs/${docId}/consensus`);
  if (res.status !== 200) throw new Error(`consensus: ${res.status}`);
  const block = (res.body.blocks as BlockView[]).find((b) => b.id === blockId);
  if (!block) throw new Error(`no block ${blockId} in the consensus view`);
  return block;
}

export const paragraph = (text: string) => ({ type: 'paragraph', content: [{ type: 'text', text }] });
