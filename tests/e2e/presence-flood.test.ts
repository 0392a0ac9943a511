/**
 * Issue 12 #7 in Chromium: an observer announcing 15 000 fake carets once froze
 * the author's editor (a click timed out after 20 s, typed text stopped reaching
 * others). The server now keeps at most MAX_PRESENCE_IDS_PER_CONNECTION entries
 * per connection and MAX_PRESENCE_PER_DOCUMENT per document, and the editor draws
 * at most MAX_DRAWN_CARETS remote carets. Here observers fill the document's
 * presence to the brim from 140 sockets, every fake caret a valid position in the
 * text; the author's editor draws no more than its cap, says how many more people
 * are here, and what the author clicks and types reaches another member and is saved.
 * (One account holds at most MAX_PRESENCE_PER_ACCOUNT entries, so it takes many.)
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { docFragment } from '@concord/shared';
import { MAX_PRESENCE_PER_ACCOUNT, MAX_PRESENCE_PER_DOCUMENT } from '@concord/server/sync/presence';
import { MAX_DRAWN_CARETS } from '../../client/src/editor/capped-carets.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { createDocWithMembers, signedInUser, TEST_PASSWORD } from '../helpers/users.js';
import { newSignedInPerson, typeAtEnd, waitForConnection, waitForSaveState, waitForText } from '../helpers/browser.js';
import { useBrowserSuite } from '../helpers/browser-suite.js';
import { stockClient, synced, waitFor, type StockClient } from '../helpers/yclient.js';
import { RawSyncSocket } from '../fuzz/support/raw-socket.js';
import { awarenessMessage, awarenessUpdate } from '../fuzz/support/wire.js';

/** Sockets the observers open, two fake carets each: more than the document holds. */
const ATTACK_SOCKETS = 140;
/** Observer accounts sharing those sockets: enough that their entries, at most MAX_PRESENCE_PER_ACCOUNT each, overfill the document. */
const ATTACK_ACCOUNTS = 35;
const SOCKETS_PER_ACCOUNT = ATTACK_SOCKETS / ATTACK_ACCOUNTS;

let server: TestServer | undefined;
const cleanups: (() => void)[] = [];
const suite = useBrowserSuite(async () => {
  for (const fn of cleanups.splice(0)) fn();
  await server?.dispose();
  server = undefined;
});

/** Carets drawn in the author's editor, and the "+N more" it shows. */
function caretsOnPage(): { drawn: number; undrawn: string | null } {
  return {
    drawn: document.querySelectorAll('[data-testid="editor"] .collaboration-carets__caret').length,
    undrawn: document.querySelector('[data-testid="carets-undrawn"]')?.textContent ?? null,
  };
}

describe('presence flood in the browser (issue 12 #7)', () => {
  it('the author’s editor draws a bounded number of carets and keeps working', async () => {
    expect(ATTACK_ACCOUNTS * Math.min(MAX_PRESENCE_PER_ACCOUNT, 2 * SOCKETS_PER_ACCOUNT)).toBeGreaterThan(MAX_PRESENCE_PER_DOCUMENT);
    server = await startTestServer();
    const s = server;
    const [author, colleague] = await Promise.all(['Author', 'Colleague'].map((n) => signedInUser(s, n)));
    const observers = await Promise.all(Array.from({ length: ATTACK_ACCOUNTS }, (_, i) => signedInUser(s, `Observer ${i}`)));
    const docId = await createDocWithMembers(s, author!, [
      ...observers.map((observer) => ({ user: observer.user, role: 'observer' as const })),
      { user: colleague!.user, role: 'commissioner' },
    ]);

    const me = await newSignedInPerson(suite.browser, s.url, author!.user.email, TEST_PASSWORD, `/d/${docId}`);
    suite.people.push(me);
    await waitForConnection(me.page, 'connected');
    await typeAtEnd(me.page, 'Opening line of the report.');
    await waitForSaveState(me.page, 'saved');

    const reader: StockClient = stockClient(s.url, docId, colleague!.cookie);
    cleanups.push(() => reader.destroy());
    await synced(reader);
    await waitFor(() => docFragment(reader.doc).toString().includes('Opening line'), 30_000, 'the colleague has the text');
    const paragraph = docFragment(reader.doc).get(0) as Y.XmlElement;
    const text = paragraph.get(0) as Y.XmlText;
    /** A real position in the paragraph's text, as an editor announces its caret. */
    const cursorAt = (i: number) => {
      const at = Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(text, i % text.length));
      return { anchor: at, head: at };
    };

    const sockets: RawSyncSocket[] = [];
    for (let i = 0; i < ATTACK_SOCKETS; i++) {
      const socket = new RawSyncSocket(s.url, docId, observers[Math.floor(i / SOCKETS_PER_ACCOUNT)]!.cookie);
      cleanups.push(() => void socket.shutdown());
      sockets.push(socket);
    }
    await Promise.all(sockets.map((socket) => socket.ready));
    // Presence lapses after 30 s without renewal, on the server and in the editor:
    // the observer renews its carets while the test runs, as a real attacker would.
    let clock = 0;
    const announce = () => {
      clock++;
      sockets.forEach((socket, k) => {
        const entries = [0, 1].map((j) => ({
          clientId: 1_000_000 + 2 * k + j,
          clock,
          state: { cursor: cursorAt(2 * k + j), user: { name: `ghost ${2 * k + j}` } },
        }));
        socket.send(awarenessMessage(awarenessUpdate(entries)));
      });
    };
    announce();
    const renew = setInterval(announce, 5_000);
    cleanups.push(() => clearInterval(renew));

    const room = s.services.rooms.get(docId)!;
    await waitFor(() => room.presenceCount >= MAX_PRESENCE_PER_DOCUMENT, 30_000, 'the document’s presence full');
    expect(room.presenceCount).toBe(MAX_PRESENCE_PER_DOCUMENT);
    expect(sockets.every((socket) => socket.close === undefined)).toBe(true);

    // The editor has heard of (nearly) all of them, and draws at most its cap.
    await me.page.waitForFunction(
      () => Number(/\d+/.exec(document.querySelector('[data-testid="carets-undrawn"]')?.textContent ?? '')?.[0]) > 200,
      undefined,
      {
        timeout: 30_000,
      },
    );
    const seen = await me.page.evaluate(caretsOnPage);
    console.info(`presence flood in Chromium: ${seen.drawn} carets drawn, "${seen.undrawn}"`);
    expect(seen.drawn).toBeGreaterThan(0);
    expect(seen.drawn).toBeLessThanOrEqual(MAX_DRAWN_CARETS);

    // Clicking and typing still work, and the words reach the colleague and the server.
    await typeAtEnd(me.page, ' Typed through the crowd.');
    await waitFor(
      () => docFragment(reader.doc).toString().includes('Typed through the crowd.'),
      30_000,
      'the colleague receives the words',
    );
    await waitForSaveState(me.page, 'saved', 30_000);
    await waitForText(me.page, 'Typed through the crowd.');
    expect((await me.page.evaluate(caretsOnPage)).drawn).toBeLessThanOrEqual(MAX_DRAWN_CARETS);
    expect(me.errors.filter((e) => e.startsWith('pageerror'))).toEqual([]);
  });
});
