/**
 * A document that was just created has no blocks yet: its consensus view, the
 * export preview, the manifest and every export format answer (an empty
 * report), never a 500.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { api, createCommissionDoc, signedInCommission, type Commission } from '../helpers/users.js';

let server: TestServer;
let people: Commission;
let docId: string;

beforeAll(async () => {
  server = await startTestServer();
  people = await signedInCommission(server);
  docId = await createCommissionDoc(server, people, 'Just created');
});
afterAll(() => server.dispose());

describe('a document with no blocks yet', () => {
  it('has an empty consensus view and export preview', async () => {
    const view = await api(server, people.author.cookie, 'GET', `/api/docs/${docId}/consensus`);
    expect(view.status).toBe(200);
    expect(view.body.blocks).toEqual([]);
    const preview = await api(server, people.publisher.cookie, 'GET', `/api/docs/${docId}/export/preview`);
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({ scope: 'consensus', included: 0, excluded: 0, blocks: [] });
    expect((await api(server, people.publisher.cookie, 'GET', `/api/docs/${docId}/export/manifest`)).status).toBe(200);
  });

  it('exports in every format', async () => {
    for (const format of ['md', 'html', 'docx', 'json']) {
      const res = await fetch(`${server.url}/api/docs/${docId}/export?format=${format}`, { headers: { cookie: people.publisher.cookie } });
      expect({ format, status: res.status }).toEqual({ format, status: 200 });
      expect((await res.arrayBuffer()).byteLength).toBeGreaterThan(0);
    }
  });
});
