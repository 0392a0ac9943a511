/**
 * The little the app needs to open a document without the server: who I am and
 * the document's title and role. Written on every successful load, cleared on
 * sign-out. The document content itself lives in IndexedDB (see sync/).
 */
import type { DocMeta, Me } from '../api';

const ME_KEY = 'concord:me';
const metaKey = (docId: string) => `concord:doc-meta:${docId}`;

function read<T>(key: string): T | null {
  try {
    const raw = localStorage.getItem(key);
    return raw ? (JSON.parse(raw) as T) : null;
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
  me: () => read<Me>(ME_KEY),
  setMe: (me: Me) => write(ME_KEY, me),
  docMeta: (docId: string) => read<DocMeta>(metaKey(docId)),
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
