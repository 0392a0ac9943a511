/**
 * A deliberately tiny router: three pages do not need a library. Paths:
 * `/` documents, `/signin`, `/d/:docId` editor.
 */
import { useSyncExternalStore } from 'react';

export type Route =
  | { page: 'docs' }
  | { page: 'signin'; next: string | null }
  | { page: 'doc'; docId: string }
  | { page: 'export'; docId: string }
  | { page: 'synthesis'; docId: string }
  | { page: 'dashboard'; docId: string }
  | { page: 'versions'; docId: string }
  | { page: 'rule'; docId: string }
  | { page: 'audit'; docId: string }
  | { page: 'missing' };

/** Fired on every `navigate` (pushState fires no event of its own), e.g. for `#block-…` links. */
export const NAVIGATE_EVENT = 'concord:navigate';

export function navigate(path: string, options: { replace?: boolean } = {}): void {
  if (path === location.pathname + location.search) return;
  if (options.replace) history.replaceState(null, '', path);
  else history.pushState(null, '', path);
  window.dispatchEvent(new Event(NAVIGATE_EVENT));
}

function subscribe(listener: () => void): () => void {
  window.addEventListener('popstate', listener);
  window.addEventListener(NAVIGATE_EVENT, listener);
  return () => {
    window.removeEventListener('popstate', listener);
    window.removeEventListener(NAVIGATE_EVENT, listener);
  };
}

const currentPath = () => location.pathname + location.search;

export function useCurrentPath(): string {
  return useSyncExternalStore(subscribe, currentPath);
}

export function parseRoute(path: string): Route {
  const url = new URL(path, 'http://x');
  if (url.pathname === '/' || url.pathname === '/docs') return { page: 'docs' };
  if (url.pathname === '/signin') return { page: 'signin', next: safeNext(url.searchParams.get('next')) };
  const doc = /^\/d\/([^/]+)\/?$/.exec(url.pathname);
  if (doc) return { page: 'doc', docId: decodeURIComponent(doc[1]!) };
  const exp = /^\/d\/([^/]+)\/export\/?$/.exec(url.pathname);
  if (exp) return { page: 'export', docId: decodeURIComponent(exp[1]!) };
  const synthesis = /^\/d\/([^/]+)\/synthesis\/?$/.exec(url.pathname);
  if (synthesis) return { page: 'synthesis', docId: decodeURIComponent(synthesis[1]!) };
  const dashboard = /^\/d\/([^/]+)\/dashboard\/?$/.exec(url.pathname);
  if (dashboard) return { page: 'dashboard', docId: decodeURIComponent(dashboard[1]!) };
  const versions = /^\/d\/([^/]+)\/versions\/?$/.exec(url.pathname);
  if (versions) return { page: 'versions', docId: decodeURIComponent(versions[1]!) };
  const sub = /^\/d\/([^/]+)\/(rule|audit)\/?$/.exec(url.pathname);
  if (sub) return { page: sub[2] === 'rule' ? 'rule' : 'audit', docId: decodeURIComponent(sub[1]!) };
  return { page: 'missing' };
}

export const docPath = (docId: string) => `/d/${encodeURIComponent(docId)}`;
export const dashboardPath = (docId: string) => `/d/${encodeURIComponent(docId)}/dashboard`;
export const exportPath = (docId: string) => `/d/${encodeURIComponent(docId)}/export`;
export const synthesisPath = (docId: string) => `/d/${encodeURIComponent(docId)}/synthesis`;
export const rulePath = (docId: string) => `/d/${encodeURIComponent(docId)}/rule`;
export const auditPath = (docId: string) => `/d/${encodeURIComponent(docId)}/audit`;
/** The version history page; `view`, `from`/`to`, `since=vote` or `block` pick what it shows. */
export const versionsPath = (docId: string, query: Record<string, string> = {}) => {
  const q = new URLSearchParams(query).toString();
  return `/d/${encodeURIComponent(docId)}/versions${q ? `?${q}` : ''}`;
};

export function signInPath(next: string = currentPath()): string {
  return next && next !== '/' && !next.startsWith('/signin') ? `/signin?next=${encodeURIComponent(next)}` : '/signin';
}

/** Only same-site paths: `next` must never send the user to another site. */
function safeNext(next: string | null): string | null {
  return next && next.startsWith('/') && !next.startsWith('//') ? next : null;
}
