/**
 * Figure images against the real server (issue 17): upload checked by content
 * and size, stored per document, served only to that document's members on
 * every path, kept by import, embedded by every export.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import JSZip from 'jszip';
import { replaceDocContent, updateFromProseMirrorJSON } from '@concord/shared';
import { createDocument } from '@concord/server/docs/create-document';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { createCommissionDoc, signedInCommission, type Commission, type SignedIn } from '../helpers/users.js';
import { jpegHead, makePng, sha256, SVG_WITH_SCRIPT } from '../helpers/images.js';

let server: TestServer;
let people: Commission;
let docId: string;
const png = makePng(8, 4, 7);
const hash = sha256(png);

// Small limits so the limits themselves can be crossed in a test.
const MAX_IMAGE_BYTES = 4096;
const MAX_DOC_IMAGE_BYTES = 12_000;
const MAX_EXPORT_IMAGE_BYTES = 6000;

beforeAll(async () => {
  server = await startTestServer({
    env: {
      MAX_IMAGE_BYTES: String(MAX_IMAGE_BYTES),
      MAX_DOC_IMAGE_BYTES: String(MAX_DOC_IMAGE_BYTES),
      MAX_EXPORT_IMAGE_BYTES: String(MAX_EXPORT_IMAGE_BYTES),
    },
  });
  people = await signedInCommission(server);
  docId = await createCommissionDoc(server, people, 'Images');
});
afterAll(async () => server.dispose());

async function upload(who: SignedIn | undefined, doc: string, bytes: Uint8Array, contentType = 'application/octet-stream', query = '') {
  const res = await fetch(`${server.url}/api/docs/${doc}/images${query}`, {
    method: 'POST',
    headers: { ...(who ? { cookie: who.cookie } : {}), 'content-type': contentType },
    body: bytes as Uint8Array<ArrayBuffer>,
  });
  return { status: res.status, body: (await res.json()) as any };
}

async function download(who: SignedIn | undefined, doc: string, h: string, init: RequestInit = {}) {
  const res = await fetch(`${server.url}/api/docs/${doc}/images/${h}`, {
    ...init,
    headers: { ...(who ? { cookie: who.cookie } : {}), ...(init.headers as Record<string, string>) },
  });
  return { status: res.status, headers: res.headers, bytes: new Uint8Array(await res.arrayBuffer()) };
}

async function exportFile(who: SignedIn, doc: string, query: string) {
  const res = await fetch(`${server.url}/api/docs/${doc}/export?${query}`, { headers: { cookie: who.cookie } });
  return { status: res.status, headers: res.headers, bytes: new Uint8Array(await res.arrayBuffer()) };
}

/** A document holding one figure that names `imageHash`, created straight in the store. */
async function docWithFigure(author: SignedIn, imageHash: string, caption = 'Rents by region'): Promise<string> {
  const json = {
    type: 'doc',
    content: [
      { type: 'paragraph', attrs: { id: 'p1' }, content: [{ type: 'text', text: 'Before the figure.' }] },
      { type: 'figure', attrs: { id: 'f1', image: imageHash, alt: 'A bar chart' }, content: [{ type: 'text', text: caption }] },
    ],
  };
  const meta = await createDocument(server.services.stores, {
    title: 'With a figure',
    authorId: author.user.id,
    initialUpdate: updateFromProseMirrorJSON(json),
  });
  return meta.id;
}

describe('uploading an image', () => {
  it('stores a PNG under its sha256, once, for members who may edit', async () => {
    const first = await upload(people.author, docId, png, 'image/png');
    expect(first.status).toBe(201);
    expect(first.body).toEqual({
      hash,
      mediaType: 'image/png',
      width: 8,
      height: 4,
      byteLength: png.byteLength,
      url: `/api/docs/${docId}/images/${hash}`,
    });
    // The same bytes again (a commissioner may edit too): the same answer, nothing stored twice.
    const again = await upload(people.c1, docId, png, 'image/png');
    expect(again.status).toBe(200);
    expect(again.body.hash).toBe(hash);
    expect(await server.services.stores.images.totalBytes(docId)).toBe(png.byteLength);
  });

  it('accepts a multipart form with a file field', async () => {
    const other = makePng(4, 4, 99);
    const form = new FormData();
    form.set('file', new Blob([other as Uint8Array<ArrayBuffer>], { type: 'image/png' }), 'chart.png');
    const res = await fetch(`${server.url}/api/docs/${docId}/images`, {
      method: 'POST',
      headers: { cookie: people.c2.cookie },
      body: form,
    });
    expect(res.status).toBe(201);
    expect(((await res.json()) as any).hash).toBe(sha256(other));
  });

  it('refuses roles that may not edit (403), non-members (404) and signed-out callers (401), storing nothing', async () => {
    const fresh = makePng(3, 3, 5);
    const before = await server.services.stores.images.totalBytes(docId);
    expect((await upload(people.observer, docId, fresh)).status).toBe(403);
    expect((await upload(people.publisher, docId, fresh)).status).toBe(403);
    expect((await upload(people.outsider, docId, fresh)).status).toBe(404);
    expect((await upload(undefined, docId, fresh)).status).toBe(401);
    expect(await server.services.stores.images.getImage(docId, sha256(fresh))).toBeUndefined();
    expect(await server.services.stores.images.totalBytes(docId)).toBe(before);
  });

  it.each([
    ['text that is not an image', new TextEncoder().encode('hello, not a picture at all'), 'image/png', 415, /not a PNG, JPEG or WebP/],
    ['an SVG with a script', SVG_WITH_SCRIPT, 'image/svg+xml', 415, /SVG/],
    ['an SVG sent as a PNG', SVG_WITH_SCRIPT, 'image/png', 415, /SVG/],
    ['a JPEG that says it is a PNG', jpegHead(), 'image/png', 415, /says it is image\/png but its content is image\/jpeg/],
    ['an empty body', new Uint8Array(0), 'image/png', 400, /empty/],
    ['an image over MAX_IMAGE_BYTES', makePng(40, 40, 3), 'image/png', 413, /at most/],
  ])('refuses %s with a clear error and stores nothing', async (_what, bytes, type, status, message) => {
    const before = await server.services.stores.images.totalBytes(docId);
    const res = await upload(people.author, docId, bytes, type);
    expect(res.status).toBe(status);
    expect(res.body.error.message).toMatch(message);
    if (status === 415) expect(res.body.error.code).toBe('unsupported_media_type');
    expect(await server.services.stores.images.totalBytes(docId)).toBe(before);
  });

  it('refuses a file name whose extension contradicts the content', async () => {
    const res = await upload(people.author, docId, makePng(2, 2, 8), 'application/octet-stream', '?filename=photo.jpg');
    expect(res.status).toBe(415);
    expect(res.body.error.details).toEqual({ claimed: 'image/jpeg', actual: 'image/png' });
  });

  it("refuses an image that would take the document past its images' total (413)", async () => {
    const doc = await createCommissionDoc(server, people, 'Quota');
    const statuses: number[] = [];
    // ~3.1 KB each, a quota of 12,000 bytes: the fourth does not fit.
    for (let seed = 1; seed <= 4; seed++)
      statuses.push((await upload(people.author, doc, makePng(32, 32, 100 + seed), 'image/png')).status);
    expect(statuses).toEqual([201, 201, 201, 413]);
    expect(await server.services.stores.images.totalBytes(doc)).toBeLessThanOrEqual(MAX_DOC_IMAGE_BYTES);
  });
});

describe('serving an image only to members of its document', () => {
  it('serves it inert to every member, with a validator', async () => {
    for (const who of [people.author, people.c1, people.c2, people.publisher, people.observer]) {
      const res = await download(who, docId, hash);
      expect(res.status).toBe(200);
      expect([...res.bytes]).toEqual([...png]);
      expect(res.headers.get('content-type')).toBe('image/png');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('content-security-policy')).toContain('sandbox');
    }
    const cached = await download(people.observer, docId, hash, { headers: { 'if-none-match': `"${hash}"` } });
    expect(cached.status).toBe(304);
  });

  it('refuses non-members (404) and signed-out callers (401) on GET, HEAD and conditional GET', async () => {
    for (const method of ['GET', 'HEAD']) {
      expect((await download(people.outsider, docId, hash, { method })).status).toBe(404);
      expect((await download(undefined, docId, hash, { method })).status).toBe(401);
    }
    expect((await download(people.outsider, docId, hash, { headers: { 'if-none-match': `"${hash}"` } })).status).toBe(404);
    // A removed member loses access at once.
    const leaving = await createCommissionDoc(server, people, 'Leaving');
    expect((await upload(people.author, leaving, png, 'image/png')).status).toBe(201);
    expect((await download(people.observer, leaving, hash)).status).toBe(200);
    await server.services.stores.members.removeMember(leaving, people.observer.user.id);
    expect((await download(people.observer, leaving, hash)).status).toBe(404);
  });

  it('gives nothing through another document, even one whose figure names the hash', async () => {
    // The outsider makes their own document whose figure points at the commission's image.
    const theirs = await docWithFigure(people.outsider, hash);
    expect((await download(people.outsider, theirs, hash)).status).toBe(404);
    const html = new TextDecoder().decode((await exportFile(people.outsider, theirs, 'format=html&scope=draft')).bytes);
    expect(html).toContain('Image missing');
    expect(html).not.toContain('data:image/png');
    // Unknown and malformed hashes are 404 for members too.
    expect((await download(people.author, docId, 'f'.repeat(64))).status).toBe(404);
    expect((await download(people.author, docId, 'not-a-hash')).status).toBe(404);
  });
});

describe('exports embed the images', () => {
  it('HTML as data URIs, DOCX as pictures, Markdown as files in a zip or as references', async () => {
    const doc = await docWithFigure(people.author, hash);
    expect((await upload(people.author, doc, png, 'image/png')).status).toBe(201);
    const base64 = Buffer.from(png).toString('base64');

    const html = new TextDecoder().decode((await exportFile(people.author, doc, 'format=html&scope=draft')).bytes);
    expect(html).toContain(`data:image/png;base64,${base64}`);
    expect(html).not.toContain('Image missing');

    const docx = await JSZip.loadAsync((await exportFile(people.author, doc, 'format=docx&scope=draft')).bytes);
    const media = Object.keys(docx.files).filter((name) => name.startsWith('word/media/'));
    expect(media).toHaveLength(1);
    expect([...(await docx.file(media[0]!)!.async('uint8array'))]).toEqual([...png]);
    expect(await docx.file('word/document.xml')!.async('string')).toContain('Rents by region');

    const md = await exportFile(people.author, doc, 'format=md&scope=draft');
    expect(new TextDecoder().decode(md.bytes)).toContain(`src="images/${hash}.png"`);

    const zipped = await exportFile(people.author, doc, 'format=md&scope=draft&images=zip');
    expect(zipped.status).toBe(200);
    expect(zipped.headers.get('content-type')).toBe('application/zip');
    expect(zipped.headers.get('content-disposition')).toMatch(/\.md\.zip"$/);
    const zip = await JSZip.loadAsync(zipped.bytes);
    expect(Object.keys(zip.files).sort()).toEqual([`images/${hash}.png`, 'with-a-figure.draft.md'].sort());
    expect([...(await zip.file(`images/${hash}.png`)!.async('uint8array'))]).toEqual([...png]);
    expect(await zip.file('with-a-figure.draft.md')!.async('string')).toBe(new TextDecoder().decode(md.bytes));
    // Reproducible: the same state gives the same zip.
    const again = await exportFile(people.author, doc, 'format=md&scope=draft&images=zip');
    expect(Buffer.from(again.bytes).equals(Buffer.from(zipped.bytes))).toBe(true);
    expect((await exportFile(people.author, doc, 'format=md&images=everywhere')).status).toBe(400);
  });

  it('refuses an export whose images exceed MAX_EXPORT_IMAGE_BYTES, writing nothing', async () => {
    const doc = await docWithFigure(people.author, hash);
    // Three of ~2.7 KB each: each upload fits, together they pass the 6,000-byte export cap.
    const big = [makePng(30, 30, 41), makePng(30, 30, 42), makePng(30, 30, 43)];
    const json = {
      type: 'doc',
      content: big.map((bytes, i) => ({ type: 'figure', attrs: { id: `f${i}`, image: sha256(bytes), alt: '' }, content: [] })),
    };
    const room = await server.services.rooms.acquire(doc);
    try {
      replaceDocContent(room.doc, json);
    } finally {
      server.services.rooms.release(room);
    }
    for (const bytes of big) expect((await upload(people.author, doc, bytes, 'image/png')).status).toBe(201);
    for (const format of ['html', 'docx', 'md&images=zip']) {
      const res = await exportFile(people.author, doc, `format=${format}&scope=draft`);
      expect(res.status).toBe(413);
      expect(JSON.parse(new TextDecoder().decode(res.bytes)).error.message).toMatch(/images in this export add up to/);
    }
  });
});

describe('import keeps the images of the file', () => {
  it('a DOCX exported with a picture imports back with the same image, served to the new document only', async () => {
    const doc = await docWithFigure(people.author, hash);
    expect((await upload(people.author, doc, png, 'image/png')).status).toBe(201);
    const docx = (await exportFile(people.author, doc, 'format=docx&scope=draft')).bytes;
    const res = await fetch(`${server.url}/api/docs/import?filename=report.docx&title=Reimported`, {
      method: 'POST',
      headers: { cookie: people.c1.cookie, 'content-type': 'application/octet-stream' },
      body: docx as Uint8Array<ArrayBuffer>,
    });
    expect(res.status).toBe(201);
    const imported = (await res.json()) as any;
    expect(imported.report.kept.figures).toBeGreaterThanOrEqual(1);
    const served = await download(people.c1, imported.id, hash);
    expect(served.status).toBe(200);
    expect([...served.bytes]).toEqual([...png]);
    // Nobody else is a member of the imported document yet.
    expect((await download(people.author, imported.id, hash)).status).toBe(404);
    const html = new TextDecoder().decode((await exportFile(people.c1, imported.id, 'format=html&scope=draft')).bytes);
    expect(html).toContain(`data:image/png;base64,${Buffer.from(png).toString('base64')}`);
  });

  it('an HTML file with a data: URI image keeps it', async () => {
    const body = `<h1>Report</h1><figure><img src="data:image/png;base64,${Buffer.from(png).toString('base64')}" alt="Chart"><figcaption>Chart caption</figcaption></figure>`;
    const res = await fetch(`${server.url}/api/docs/import?filename=report.html`, {
      method: 'POST',
      headers: { cookie: people.c2.cookie, 'content-type': 'application/octet-stream' },
      body,
    });
    expect(res.status).toBe(201);
    const imported = (await res.json()) as any;
    expect((await download(people.c2, imported.id, hash)).status).toBe(200);
  });
});
