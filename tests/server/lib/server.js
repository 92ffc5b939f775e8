// Assembles engine + backend + HTTP/WebSocket listener.

import http from 'node:http';
import https from 'node:https';
import { readFileSync } from 'node:fs';
import { encode } from './cbor.js';
import { openEngine } from './engine.js';
import { V3Backend } from './backend-v3.js';
import { V2Backend } from './backend-v2.js';
import { createHttpHandler } from './http.js';
import { attachWebSocket } from './ws.js';
import { parseEngineReply } from './rpc.js';

function sqlString(s) {
  return "'" + s.replace(/\\/g, '\\\\').replace(/'/g, "\\'") + "'";
}

function sqlIdent(s) {
  return '`' + s.replace(/\\/g, '\\\\').replace(/`/g, '\\`') + '`';
}

/** Run one request on the engine's own (startup) session; v2 engines throw on errors. */
async function engineCall(engine, method, params) {
  let bytes;
  try {
    bytes = await engine.execute(encode(new Map([['method', method], ['params', params]])));
  } catch (e) {
    throw new Error(`${method}: ${typeof e === 'string' ? e : e.message}`);
  }
  const r = parseEngineReply(bytes);
  if (r.error) throw new Error(`${method}: ${r.error.tree.get('message')}`);
  return r.result.tree;
}

/** Create the initial root user when no root user exists (like `surreal start --user --pass`). */
async function ensureRootUser(engine, user, pass) {
  const info = await engineCall(engine, 'query', ['INFO FOR ROOT']);
  const first = info[0];
  if (!(first instanceof Map) || first.get('status') !== 'OK') {
    throw new Error(`INFO FOR ROOT failed: ${first instanceof Map ? first.get('result') : first}`);
  }
  const users = first.get('result').get('users');
  if (users instanceof Map && users.size > 0) return false;
  const res = await engineCall(engine, 'query', [
    `DEFINE USER ${sqlIdent(user)} ON ROOT PASSWORD ${sqlString(pass)} ROLES OWNER`,
  ]);
  if (!(res[0] instanceof Map) || res[0].get('status') !== 'OK') {
    throw new Error(`DEFINE USER failed: ${res[0] instanceof Map ? res[0].get('result') : res[0]}`);
  }
  return true;
}

/**
 * Start a server.
 * opts: { kind: 'v3'|'v2', storage: {type:'memory'}|{type:'surrealkv', path},
 *         host, port, user, pass, log }
 * Resolves to { url, host, port, version, close() }.
 */
export async function startServer(opts) {
  const { log } = opts;
  const engine = await openEngine(opts.kind, opts.storage);
  let version;
  try {
    version = await engineCall(engine, 'version', []);
    if (typeof version !== 'string') throw new Error(`unexpected version reply ${String(version)}`);
    const created = await ensureRootUser(engine, opts.user, opts.pass);
    log.info(created ? `created root user ${opts.user}` : 'root users already exist; not creating one');
  } catch (e) {
    engine.close();
    throw e;
  }
  const semver = version.replace(/^surrealdb-/, '');
  const server = {
    kind: opts.kind,
    engine,
    log,
    version,
    versionHeader: opts.kind === 'v3' ? `surrealdb/${semver}` : `surrealdb-${semver}`,
    backend: opts.kind === 'v3' ? new V3Backend(engine, log) : new V2Backend(engine, log),
    // WebSocket RPC requests answered, and the time from each request's
    // arrival (the 'message' event) to its response being handed to the
    // socket: GET /dev/stats (benchmarks: what the server itself spends)
    stats: { wsRequests: 0, wsBusyNs: 0n },
  };
  // --tls-cert/--tls-key: HTTPS and wss:// on the same port (like `surreal
  // start --web-crt/--web-key`); files unreadable = a startup error
  const httpServer = opts.tlsCert
    ? https.createServer({ cert: readFileSync(opts.tlsCert), key: readFileSync(opts.tlsKey) },
      createHttpHandler(server))
    : http.createServer(createHttpHandler(server));
  httpServer.keepAliveTimeout = 5000;
  const wss = attachWebSocket(server, httpServer);

  await new Promise((resolve, reject) => {
    const onError = (e) => {
      httpServer.off('listening', onListening);
      reject(e);
    };
    const onListening = () => {
      httpServer.off('error', onError);
      resolve();
    };
    httpServer.once('error', onError);
    httpServer.once('listening', onListening);
    httpServer.listen(opts.port, opts.host);
  }).catch((e) => {
    engine.close();
    throw e;
  });
  httpServer.on('error', (e) => log.info(`http server error: ${e.message}`));

  const addr = httpServer.address();
  const host = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
  let closing = null;
  return {
    url: `${opts.tlsCert ? 'https' : 'http'}://${host}:${addr.port}`,
    host,
    port: addr.port,
    version,
    close() {
      if (closing) return closing;
      closing = (async () => {
        for (const ws of server.sockets) ws.close(1001, 'Server shutting down');
        wss.close();
        httpServer.closeIdleConnections?.();
        await new Promise((resolve) => {
          const t = setTimeout(() => {
            for (const ws of server.sockets) ws.terminate();
            httpServer.closeAllConnections?.();
            resolve();
          }, 1500);
          httpServer.close(() => {
            clearTimeout(t);
            resolve();
          });
        });
        engine.close();
      })();
      return closing;
    },
  };
}


