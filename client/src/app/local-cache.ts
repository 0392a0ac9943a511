/**
 * The little the app needs to open a document without the server: who I am and
 * the document's title and role. Written on every successful load, cleared on
 * sign-out. The document content itself lives in IndexedDB (see sync/).
 */
import type { DocMeta, Me } from '../api';

const ME_KEY = 'concord:me';
const metaKey = (docId: string) => `concord:doc-meta:${docId}`;

/** Whatever was stored under `key` (written by this module only), or null. */
function read(key: string): unknown {
  try {
    const raw = localStorage.getItem(key);
    return raw ? (JSON.parse(raw) as unknown) : null;
  } catch {
    return null;
  }
}

function write(key: string, value: unknown): void {
  try {
    localStorage.setItem(key, JSON.stringify(value));
  } catch {
    // Storage full or disabled: the app still works online.
  }
}

export const localCache = {
  me: () => read(ME_KEY) as Me | null,
  setMe: (me: Me) => write(ME_KEY, me),
  docMeta: (docId: string) => read(metaKey(docId)) as DocMeta | null,
  setDocMeta: (meta: DocMeta) => write(metaKey(meta.id), meta),
  forgetDoc: (docId: string) => localStorage.removeItem(metaKey(docId)),
  /** On sign-out or an expired session. */
  clear(): void {
    try {
      for (const key of Object.keys(localStorage)) if (key.startsWith('concord:')) localStorage.removeItem(key);
    } catch {
      // nothing to clear
    }
  },
};
