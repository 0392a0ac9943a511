/**
 * Issue 13: the socket's welcome carries the server's protocol version and the
 * browser checks it. A page built for another version stops syncing (closes its
 * socket) and asks for a reload, instead of misreading what follows; its status
 * line says "Reload needed", not "Reconnecting…". (That the
 * server sends its version: tests/integration/app-layer.test.ts.)
 *
 * The server is the real one; only the welcome's `protocolVersion` is changed on
 * its way to the page (Playwright's WebSocket routing), as a server updated
 * while the tab stayed open would send it.
 */
import { describe, expect, it } from 'vitest';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { CONCORD_PROTOCOL_VERSION, ConcordMessage, MessageType } from '@concord/shared';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { createDocWithMembers, signedInUser, TEST_PASSWORD } from '../helpers/users.js';
import { newSignedInPerson, waitForConnection } from '../helpers/browser.js';
import { useBrowserSuite } from '../helpers/browser-suite.js';
import { waitFor } from '../helpers/yclient.js';

let server: TestServer | undefined;
const suite = useBrowserSuite(async () => {
  await server?.dispose();
  server = undefined;
});

/** The message with its welcome's protocolVersion replaced; any other message unchanged. */
function withWelcomeVersion(message: Buffer, version: number): { message: Buffer; welcome: boolean } {
  const decoder = decoding.createDecoder(message);
  if (decoding.readVarUint(decoder) !== MessageType.concord || decoding.readVarUint(decoder) !== ConcordMessage.welcome)
    return { message, welcome: false };
  const welcome = JSON.parse(decoding.readVarString(decoder)) as Record<string, unknown>;
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.concord);
  encoding.writeVarUint(encoder, ConcordMessage.welcome);
  encoding.writeVarString(encoder, JSON.stringify({ ...welcome, protocolVersion: version }));
  return { message: Buffer.from(encoding.toUint8Array(encoder)), welcome: true };
}

describe('protocol version', () => {
  it('a page whose server speaks another protocol version stops syncing and asks for a reload, in the alert and the status line', async () => {
    server = await startTestServer();
    const author = await signedInUser(server, 'Vera Version');
    const docId = await createDocWithMembers(server, author, [], 'Versioned report');
    const person = await newSignedInPerson(suite.browser, server.url, author.user.email, TEST_PASSWORD);
    suite.people.push(person);

    const sockets = { opened: 0, welcomes: 0, closedByPage: 0 };
    await person.page.routeWebSocket(
      (url) => url.pathname.startsWith('/sync/'),
      (page) => {
        sockets.opened++;
        const toServer = page.connectToServer();
        page.onMessage((message) => toServer.send(message));
        toServer.onMessage((message) => {
          if (typeof message === 'string') return page.send(message);
          const changed = withWelcomeVersion(message, CONCORD_PROTOCOL_VERSION + 1);
          if (changed.welcome) sockets.welcomes++;
          page.send(changed.message);
        });
        // Counted, not forwarded: the server's end stays open until the server stops.
        page.onClose(() => {
          sockets.closedByPage++;
        });
      },
    );

    await person.page.goto(`/d/${encodeURIComponent(docId)}`);
    const notice = person.page.getByTestId('sync-error');
    await notice.waitFor();
    expect(await notice.innerText()).toContain('Concord was updated on the server. Reload this page to keep working');
    expect(await notice.getAttribute('role')).toBe('alert');
    // The status line says the same as the alert: nothing is being retried, a reload is needed.
    const status = person.page.getByTestId('connection-status');
    await waitForConnection(person.page, 'reload');
    expect(await status.innerText()).toBe('Reload needed');
    // The page closed the socket itself on reading the welcome: nothing after it was read as the old protocol.
    await waitFor(() => sockets.closedByPage === 1, 30_000, 'the page to close its socket');
    expect(sockets).toEqual({ opened: 1, welcomes: 1, closedByPage: 1 });
    // Final: the browser reporting the network gone (which turns a lost connection into "Offline") changes nothing.
    await person.page.evaluate(() => window.dispatchEvent(new Event('offline')));
    expect(await status.getAttribute('data-state')).toBe('reload');
    expect(await status.innerText()).toBe('Reload needed');
  });
});
