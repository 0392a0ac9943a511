/**
 * Issue 12 #12: a writer who set an ordered list's `start` to a string made the
 * DOCX export and the manifest answer 500. Attributes from the shared document
 * are coerced in one place (shared/src/ydoc/attrs.ts); over a real socket and
 * real HTTP, every export and view answers, with the schema's defaults.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { startTestServer, type TestServer } from '../../helpers/server.js';
import { api, createDocWithMembers, signedInUser, type SignedIn } from '../../helpers/users.js';
import { stockClient, synced, waitFor } from '../../helpers/yclient.js';

let server: TestServer;
let author: SignedIn;
let docId: string;

beforeAll(async () => {
  server = await startTestServer();
  author = await signedInUser(server, 'Author');
  docId = await createDocWithMembers(server, author);
});

afterAll(async () => server?.dispose());

describe('untrusted attributes (issue 12 #12)', () => {
  it('an ordered list starting at "abc", a heading of level "x" and a link to a number: every export answers', async () => {
    const writer = stockClient(server.url, docId, author.cookie);
    await synced(writer);
    const fragment = writer.doc.getXmlFragment('default');
    writer.doc.transact(() => {
      const heading = new Y.XmlElement('heading');
      heading.setAttribute('level', 'x' as never);
      heading.setAttribute('id', 12345 as never);
      heading.insert(0, [new Y.XmlText('Title')]);
      const list = new Y.XmlElement('orderedList');
      list.setAttribute('start', 'abc' as never);
      list.setAttribute('type', { evil: true } as never);
      const item = new Y.XmlElement('listItem');
      const para = new Y.XmlElement('paragraph');
      const text = new Y.XmlText();
      text.insert(0, 'linked', { link: { href: 42, target: ['x'] } });
      para.insert(0, [text]);
      item.insert(0, [para]);
      list.insert(0, [item]);
      fragment.insert(0, [heading, list]);
    });
    await waitFor(
      () => (server.services.rooms.get(docId)?.doc.getXmlFragment('default').length ?? 0) >= 2,
      30_000,
      'content at the server',
    );
    for (const path of [
      'export?format=docx&scope=draft',
      'export?format=md&scope=draft',
      'export?format=html&scope=draft',
      'export?format=json&scope=draft',
      'export/manifest?scope=draft',
      'export/preview?scope=draft',
      'consensus',
    ]) {
      const res = await api(server, author.cookie, 'GET', `/api/docs/${docId}/${path}`);
      expect(res.status, path).toBe(200);
    }
    const md = await api(server, author.cookie, 'GET', `/api/docs/${docId}/export?format=md&scope=draft`);
    expect(String(md.body)).toContain('# Title');
    expect(String(md.body)).toContain('1. ');
    writer.destroy();
  });
});
