/**
 * Serves the built client, with a fallback to index.html for client-side routes.
 * Only routes fall back: a missing file (anything under /assets/, or a last path
 * segment with an extension) is a 404. Otherwise a tab still running an older
 * build asks for a chunk the new deploy no longer has, gets index.html, and fails
 * with a MIME-type error instead of a plain "not found".
 */
import type { MiddlewareHandler } from 'hono';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

export const APP_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self' ws: wss:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'; object-src 'none'";

export function staticFiles(root: string): MiddlewareHandler {
  const rootWithSep = root.endsWith(sep) ? root : root + sep;
  return async (c, next) => {
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') return next();
    let path: string;
    try {
      path = decodeURIComponent(new URL(c.req.url).pathname);
    } catch {
      return c.text('bad request: malformed percent-encoding in the path', 400);
    }
    const target = normalize(join(root, path));
    if (!target.startsWith(rootWithSep) && target !== root) return c.text('not found', 404);
    const exists = await isFile(target);
    if (!exists && isFileRequest(path)) {
      // Not cached: the file may appear with the next deploy, and a cached 404 would outlive it.
      return c.text('not found', 404, { 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
    }
    const file = exists ? target : join(root, 'index.html');
    if (!(await isFile(file))) {
      return c.text('The client has not been built. Run `pnpm start` (it builds the client first).', 503);
    }
    const body = await readFile(file);
    const isAsset = file.includes(`${sep}assets${sep}`);
    return c.body(body, 200, {
      'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
      'cache-control': isAsset ? 'public, max-age=31536000, immutable' : 'no-cache',
      'content-security-policy': APP_CSP,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'same-origin',
    });
  };
}

/** A request for a file rather than a page of the app: client routes (`/d/:id/…`) have no extension, ids no dot. */
function isFileRequest(path: string): boolean {
  return path.startsWith('/assets/') || extname(path) !== '';
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}
