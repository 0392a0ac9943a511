/**
 * GET /api/openapi.json — the OpenAPI 3.1 document of this server — and
 * GET /api/reference — a human-readable reference page (Swagger UI) whose
 * scripts and styles this server serves itself from the swagger-ui-dist npm
 * package: no CDN, works on a closed network.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Hono } from 'hono';
import type { AppEnv } from '../context.js';
import { buildOpenApiDocument } from './document.js';
import { routeDocs } from './route-docs.js';

const API_VERSION = '0.1.0';

/** Built once, on first request. */
let document: Record<string, unknown> | undefined;

const PAGE = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Concord API reference</title>
    <link rel="stylesheet" href="/api/reference/swagger-ui.css" />
  </head>
  <body>
    <div id="swagger-ui"></div>
    <script src="/api/reference/swagger-ui-bundle.js"></script>
    <script src="/api/reference/init.js"></script>
  </body>
</html>
`;

/** A file, not an inline script, so the page's CSP can forbid inline scripts. validatorUrl: null — no call to an outside validator. */
const INIT = `window.ui = SwaggerUIBundle({ url: '/api/openapi.json', dom_id: '#swagger-ui', deepLinking: true, validatorUrl: null });\n`;

const ASSETS: Record<string, string> = {
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'swagger-ui.css': 'text/css; charset=utf-8',
};

const PAGE_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

function swaggerUiDir(): string {
  const require = createRequire(import.meta.url);
  return dirname(require.resolve('swagger-ui-dist/package.json'));
}

export const openApiRoutes = new Hono<AppEnv>()
  .get('/openapi.json', (c) => {
    document ??= buildOpenApiDocument(routeDocs, API_VERSION);
    return c.json(document);
  })
  .get('/reference', (c) => c.html(PAGE, 200, { 'content-security-policy': PAGE_CSP, 'x-content-type-options': 'nosniff' }))
  .get('/reference/:file', async (c) => {
    const file = c.req.param('file');
    const headers = { 'cache-control': 'public, max-age=3600', 'x-content-type-options': 'nosniff' };
    if (file === 'init.js') return c.body(INIT, 200, { ...headers, 'content-type': 'text/javascript; charset=utf-8' });
    const type = ASSETS[file];
    if (type === undefined) return c.json({ error: { code: 'not_found', message: 'no such file' } }, 404);
    const body = await readFile(join(swaggerUiDir(), file));
    return c.body(body, 200, { ...headers, 'content-type': type });
  });
