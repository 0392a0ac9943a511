import { afterEach, describe, expect, it, vi } from 'vitest';
import { consensusApi } from './consensus';
import { docsApi } from './docs';
import { onUnauthorized } from './http';
import { uploadImage } from './images';

/** An answer as the server gives it when the session has expired or been revoked. */
function answer401(): Response {
  return new Response(JSON.stringify({ error: { code: 'unauthorized', message: 'sign in first' } }), {
    status: 401,
    headers: { 'content-type': 'application/json' },
  });
}

describe('a 401 signs out on every kind of call', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('the typed client, the figure upload and the vote calls each tell the session, once, and reject with the 401', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => answer401()),
    );
    let signedOut = 0;
    const off = onUnauthorized(() => signedOut++);
    try {
      await expect(docsApi.list()).rejects.toMatchObject({ status: 401 });
      expect(signedOut).toBe(1);
      const file = new File([new Uint8Array([0x89, 0x50, 0x4e, 0x47])], 'chart.png', { type: 'image/png' });
      await expect(uploadImage('d1', file)).rejects.toMatchObject({ status: 401, code: 'unauthorized' });
      expect(signedOut).toBe(2);
      await expect(consensusApi.vote('d1', 'b1', { stance: 'agree', fingerprint: 'f' })).rejects.toMatchObject({ status: 401 });
      expect(signedOut).toBe(3);
    } finally {
      off();
    }
  });

  it('a failed upload that is not a 401 does not sign out', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => new Response(JSON.stringify({ error: { code: 'too_large', message: 'too big' } }), { status: 413 })),
    );
    let signedOut = 0;
    const off = onUnauthorized(() => signedOut++);
    try {
      const file = new File([new Uint8Array(4)], 'x.png');
      await expect(uploadImage('d1', file)).rejects.toMatchObject({ status: 413, message: 'too big' });
      expect(signedOut).toBe(0);
    } finally {
      off();
    }
  });
});
