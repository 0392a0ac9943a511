/**
 * The y-websocket reference server (@y/websocket-server 0.1.1) as its README
 * runs it: an http server, a `ws` server, `setupWSConnection` per socket, and
 * its own persistence — y-leveldb when YPERSISTENCE names a directory (set
 * before the module loads), in-memory otherwise. Room = URL path.
 *
 * Env: PORT; YPERSISTENCE (optional). `--seed FILE --docs a,b` stores FILE as
 * the initial state of each named document through the same persistence, then exits.
 */
import http from 'node:http';
import { readFileSync } from 'node:fs';
import { WebSocketServer } from 'ws';
import { setupWSConnection, getPersistence } from '@y/websocket-server/utils';

interface LevelPersistence {
  storeUpdate(docName: string, update: Uint8Array): Promise<unknown>;
  destroy(): Promise<void>;
}

const args = process.argv.slice(2);
const seedIndex = args.indexOf('--seed');
if (seedIndex >= 0) {
  const seed = readFileSync(args[seedIndex + 1]!);
  const docs = (args[args.indexOf('--docs') + 1] ?? '').split(',').filter(Boolean);
  const ldb = (getPersistence() as { provider?: LevelPersistence } | null)?.provider;
  if (!ldb) throw new Error('--seed needs YPERSISTENCE');
  for (const doc of docs) await ldb.storeUpdate(doc, seed);
  await ldb.destroy();
  process.exit(0);
}

const port = Number(process.env.PORT ?? 1234);
const wss = new WebSocketServer({ noServer: true });
const server = http.createServer((_req, res) => {
  res.writeHead(200, { 'content-type': 'text/plain' });
  res.end('okay');
});
wss.on('connection', (conn, req) => setupWSConnection(conn, req));
server.on('upgrade', (req, socket, head) => {
  wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
});
server.listen(port, '127.0.0.1');
process.on('SIGTERM', () => process.exit(0));
