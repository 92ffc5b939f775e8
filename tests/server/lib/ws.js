// WebSocket RPC at GET /rpc (protocol reference §1.1, §1.7, §1.8).

import { randomUUID } from 'node:crypto';
import { WebSocketServer } from 'ws';
import { encode, Raw, isUuidString } from './cbor.js';
import { toJson } from './json.js';
import { uuidVal } from './protocol.js';
import { handleFrame } from './rpc.js';
import { parseAuth, sessionHeaders } from './http.js';

const KNOWN_PROTOCOLS = ['json', 'cbor'];
const PING_INTERVAL_MS = 5000;
const MAX_MESSAGE = 128 << 20;

function reject(socket, status, text, extraHeaders = {}) {
  const reason = { 400: 'Bad Request', 401: 'Unauthorized', 404: 'Not Found' }[status] || 'Error';
  const body = Buffer.from(text ?? '');
  const lines = [
    `HTTP/1.1 ${status} ${reason}`,
    'connection: close',
    `content-length: ${body.length}`,
    ...(body.length ? ['content-type: text/plain; charset=utf-8'] : []),
    ...Object.entries(extraHeaders).map(([k, v]) => `${k}: ${v}`),
  ];
  socket.end(Buffer.concat([Buffer.from(lines.join('\r\n') + '\r\n\r\n'), body]));
}

function encodeNotification(format, val, session) {
  if (format === 'cbor') {
    const m = new Map([['result', new Raw(val.raw)]]);
    if (session) m.set('session', uuidVal(session));
    return encode(m);
  }
  let s = `{"result":${toJson(val.tree)}`;
  if (session) s += `,"session":${JSON.stringify(session)}`;
  return s + '}';
}

export function attachWebSocket(server, httpServer) {
  const liveIds = new Set();
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_MESSAGE,
    perMessageDeflate: false,
    // First offered protocol that we know wins; none -> no header, JSON.
    handleProtocols: (protocols) => {
      for (const p of protocols) if (KNOWN_PROTOCOLS.includes(p)) return p;
      return false;
    },
  });
  server.sockets = new Set();
  wss.on('headers', (headers) => {
    headers.push('server: SurrealDB', `surreal-version: ${server.versionHeader}`);
  });

  httpServer.on('upgrade', async (req, socket, head) => {
    const { pathname } = new URL(req.url, 'http://localhost');
    const common = { server: 'SurrealDB', 'surreal-version': server.versionHeader };
    if (pathname !== '/rpc') return reject(socket, 404, '', common);
    let id = req.headers['surreal-id'];
    if (id !== undefined) {
      if (!isUuidString(id)) return reject(socket, 400, 'Invalid connection id', common);
      id = id.toLowerCase();
      if (liveIds.has(id)) return reject(socket, 400, 'A connection with this id already exists', common);
    } else id = randomUUID();

    const conn = { transport: 'ws', format: 'json', label: `ws ${id.slice(0, 8)}`, notify: () => {} };
    try {
      await server.backend.open(conn);
      const auth = parseAuth(req.headers);
      const failure = auth && auth.error ? auth.error : await server.backend.seed(conn, { ...sessionHeaders(req.headers), auth });
      if (failure) {
        await server.backend.close(conn);
        return reject(socket, 401, failure, common);
      }
    } catch (e) {
      server.log.info(`websocket setup failed: ${e.stack || e}`);
      await server.backend.close(conn).catch(() => {});
      return reject(socket, 400, String(e.message || e), common);
    }
    liveIds.add(id);
    wss.handleUpgrade(req, socket, head, (ws) => {
      conn.format = ws.protocol === 'cbor' ? 'cbor' : 'json';
      server.log.info(`[${conn.label}] connected (${ws.protocol || 'no subprotocol -> json'})`);
      server.sockets.add(ws);
      const send = (payload) => {
        if (ws.readyState === ws.OPEN) ws.send(payload, { binary: typeof payload !== 'string' });
      };
      conn.notify = (val, session) => send(encodeNotification(conn.format, val, session));
      const ping = setInterval(() => {
        if (ws.readyState === ws.OPEN) ws.ping();
      }, PING_INTERVAL_MS);
      ws.on('message', (data) => {
        // Frame type is ignored: both are decoded with the negotiated format.
        const t0 = process.hrtime.bigint();
        handleFrame(server, conn, data).then((payload) => {
          send(payload);
          // time spent on the request inside this process (GET /dev/stats)
          server.stats.wsRequests += 1;
          server.stats.wsBusyNs += process.hrtime.bigint() - t0;
        }, (e) => server.log.info(`[${conn.label}] ${e.stack || e}`));
      });
      ws.on('error', (e) => server.log.debug(`[${conn.label}] socket error: ${e.message}`));
      ws.on('close', () => {
        clearInterval(ping);
        server.sockets.delete(ws);
        liveIds.delete(id);
        conn.notify = () => {};
        server.log.info(`[${conn.label}] closed`);
        server.backend.close(conn).catch((e) => server.log.info(`[${conn.label}] cleanup failed: ${e.message}`));
      });
    });
    return undefined;
  });
  return wss;
}
