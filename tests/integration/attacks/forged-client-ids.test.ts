/**
 * Issue 12 #6: a commissioner who writes structs under another member's Yjs
 * client id made that member's later edits duplicates that the server dropped
 * after acknowledging them (50 of 50 offline-typed paragraphs lost, measured with
 * the stock client). Now the first account to write under an id owns it in the
 * document and others' new structs under it are withheld — and after a restore
 * from an older backup, relayed edits of another account wait for their author,
 * then everything converges (docs/RELIABILITY.md).
 */
import { cpSync, rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { makeDataDir, startTestServer, type TestServer } from '../../helpers/server.js';
import { createDocWithMembers, signedInUser, type SignedIn } from '../../helpers/users.js';
import { stockClient, synced, waitFor, type StockClient } from '../../helpers/yclient.js';
import { fence, socketOf } from '../../helpers/sync-fence.js';
import { loadFromStore } from '../../fuzz/support/final-state.js';

let server: TestServer | undefined;
const clients: StockClient[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  await server?.dispose();
  server = undefined;
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function open(docId: string, who: SignedIn, doc?: Y.Doc): StockClient {
  const client = stockClient(server!.url, docId, who.cookie, doc ? { doc } : {});
  clients.push(client);
  return client;
}

const text = (doc: Y.Doc) => doc.getText('t').toString();
const serverText = (docId: string) => text(server!.services.rooms.get(docId)!.doc);

/**
 * What the attacker's own stock client sends: structs typed under the victim's
 * client id on top of everything the attacker has seen, pushed through its provider.
 */
function forge(attacker: StockClient, victimClientId: number, words: string): void {
  const forger = new Y.Doc();
  Y.applyUpdate(forger, Y.encodeStateAsUpdate(attacker.doc));
  forger.clientID = victimClientId; // after loading, or Yjs would pick a new one
  let forged: Uint8Array | undefined;
  forger.on('update', (u: Uint8Array) => (forged = u));
  forger.getText('t').insert(0, words);
  Y.applyUpdate(attacker.doc, forged!); // not the provider's origin: the provider sends it on
}

async function twoCommissioners() {
  server = await startTestServer();
  const victim = await signedInUser(server, 'Victim');
  const attacker = await signedInUser(server, 'Attacker');
  const docId = await createDocWithMembers(server, victim, [{ user: attacker.user, role: 'commissioner' }]);
  return { victim, attacker, docId };
}

/** Types `n` paragraphs offline in the victim's editor, reconnects, and expects every one of them on the server, stored, and in a fresh client. */
async function expectOfflineParagraphsSurvive(docId: string, v: StockClient, reader: SignedIn, n: number): Promise<void> {
  const paragraphs = Array.from({ length: n }, (_, i) => `offline paragraph ${i}\n`);
  for (const p of paragraphs) v.doc.getText('t').insert(v.doc.getText('t').length, p);
  v.provider.connect();
  await synced(v);
  await waitFor(() => paragraphs.every((p) => serverText(docId).includes(p)), 30_000, 'the offline paragraphs on the server');
  const fresh = open(docId, reader);
  await synced(fresh);
  await waitFor(() => text(fresh.doc) === text(v.doc), 30_000, 'a fresh client to equal the victim');
  await waitFor(() => text(v.doc) === serverText(docId), 30_000, 'the victim to equal the server');
  const stored = await loadFromStore(server!.services.stores.docs, docId);
  expect(paragraphs.filter((p) => !text(stored.doc).includes(p))).toEqual([]);
}

describe('structs under another account’s client id (issue 12 #6)', () => {
  it('an offline victim keeps all 50 paragraphs while the attacker forges under its id', async () => {
    const { victim, attacker, docId } = await twoCommissioners();
    const v = open(docId, victim);
    const a = open(docId, attacker);
    await Promise.all([synced(v), synced(a)]);
    v.doc.getText('t').insert(0, 'written online\n');
    await waitFor(() => text(a.doc).includes('written online'), 30_000, 'the online edit');
    v.provider.disconnect();
    const victimId = v.doc.clientID;
    for (let i = 0; i < 10; i++) forge(a, victimId, `forged ${i}\n`);
    // Something the attacker may write arrives, so the forgeries had their chance.
    a.doc.getText('t').insert(a.doc.getText('t').length, 'honest attacker line\n'); // after the victim's words, not the forged ones
    await waitFor(() => serverText(docId).includes('honest attacker line'), 30_000, "the attacker's own edit");
    expect(serverText(docId)).not.toContain('forged');
    await expectOfflineParagraphsSurvive(docId, v, attacker, 50);
    expect(serverText(docId)).not.toContain('forged');
  }, 60_000);

  it('an id announced only as presence is its announcer’s: forging it before the victim writes is withheld too', async () => {
    const { victim, attacker, docId } = await twoCommissioners();
    const v = open(docId, victim);
    const a = open(docId, attacker);
    await Promise.all([synced(v), synced(a)]);
    const victimId = v.doc.clientID;
    await waitFor(
      () => server!.services.rooms.get(docId)!.presenceOwners.get(victimId) === victim.user.id,
      30_000,
      'the victim’s presence',
    );
    a.doc.getText('t').insert(0, 'attacker line\n');
    await waitFor(() => serverText(docId).includes('attacker line'), 30_000, "the attacker's first line");
    v.provider.disconnect();
    forge(a, victimId, 'forged first\n');
    a.doc.getText('t').insert(a.doc.getText('t').length, 'honest attacker line\n'); // after the victim's words, not the forged ones
    await waitFor(() => serverText(docId).includes('honest attacker line'), 30_000, "the attacker's own edit");
    expect(serverText(docId)).not.toContain('forged');
    await expectOfflineParagraphsSurvive(docId, v, attacker, 20);
  }, 60_000);

  it('after a restore from an older backup, edits relayed for another account wait for their author, then everything converges', async () => {
    const { victim: owner, attacker: relayer, docId } = await twoCommissioners();
    const dataDir = server!.dataDir;
    const port = server!.port;
    const o = open(docId, owner);
    const r = open(docId, relayer);
    await Promise.all([synced(o), synced(r)]);
    o.doc.getText('t').insert(0, 'before the backup. ');
    await waitFor(() => text(r.doc) === text(o.doc), 30_000, 'sync before the backup');
    await server!.stop();
    const backup = makeDataDir();
    dirs.push(backup);
    rmSync(backup, { recursive: true, force: true });
    cpSync(dataDir, backup, { recursive: true });
    server = await startTestServer({ dataDir, env: { PORT: String(port) } });
    await Promise.all([synced(o), synced(r)]);
    // Acknowledged after the backup: the owner's words, and the relayer's — one
    // independent of the owner's, one built right after them.
    o.doc.getText('t').insert(text(o.doc).length, 'OWNER AFTER.');
    await waitFor(() => text(r.doc).includes('OWNER AFTER.'), 30_000, 'the owner’s edit at the relayer');
    r.doc.getText('t').insert(0, 'RELAYER OWN. ');
    r.doc.getText('t').insert(text(r.doc).length, ' RELAYER ON TOP.');
    await waitFor(() => serverText(docId).includes('RELAYER ON TOP.'), 30_000, 'the relayer’s edits');
    await waitFor(() => text(o.doc) === text(r.doc), 30_000, 'sync after the backup');
    // The owner's device goes away; the administrator restores the older backup.
    o.provider.disconnect();
    await server!.stop();
    rmSync(dataDir, { recursive: true, force: true });
    cpSync(backup, dataDir, { recursive: true });
    server = await startTestServer({ dataDir, env: { PORT: String(port) } });
    await synced(r);
    // The relayer's own independent edit is back; the owner's words (and what
    // the relayer built on them) are not applied on the relayer's word alone.
    await waitFor(
      () => (server!.services.rooms.get(docId) ? serverText(docId).includes('RELAYER OWN.') : false),
      30_000,
      'the relayer’s own edit',
    );
    // Everything the relayer sent is handled by now (it sends nothing more until asked again).
    await fence(socketOf(r));
    expect(serverText(docId)).not.toContain('OWNER AFTER.');
    expect(serverText(docId)).not.toContain('RELAYER ON TOP.');
    // The owner comes back: its edit is applied, and the server asks the relayer again.
    o.provider.connect();
    await synced(o);
    await waitFor(() => serverText(docId).includes('RELAYER ON TOP.'), 30_000, 'the relayer’s dependent edit after the owner’s');
    const fresh = open(docId, owner);
    await synced(fresh);
    for (const c of [o, r, fresh]) await waitFor(() => text(c.doc) === serverText(docId), 30_000, 'every client to equal the server');
    expect(serverText(docId)).toBe('RELAYER OWN. before the backup. OWNER AFTER. RELAYER ON TOP.');
    const stored = await loadFromStore(server!.services.stores.docs, docId);
    expect(text(stored.doc)).toBe(serverText(docId));
  }, 90_000);
});
