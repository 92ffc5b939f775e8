// HTTP routes: /health /status /version /rpc /sql /signin /signup (protocol reference §2).

import { randomUUID } from 'node:crypto';
import { encode, Raw } from './cbor.js';
import { Val } from './protocol.js';
import { toJson, toPlain, parseJson } from './json.js';
import { httpErrorBody, statusForError } from './errors.js';
import { decodeFrame, dispatch, handleFrame } from './rpc.js';

const LIMITS = { rpc: 4 << 20, sql: 1 << 20, signin: 1 << 10 };

export class HttpError extends Error {
  constructor(status, body, type) { super(`HTTP ${status}`); this.status = status; this.body = body; this.type = type; }
}

/** Parse Authorization + Surreal-Auth-* headers. Returns undefined, {error}, or an auth spec. */
export function parseAuth(headers) {
  const h = headers.authorization;
  if (!h) return undefined;
  const [scheme, ...rest] = h.trim().split(/\s+/);
  const value = rest.join(' ');
  if (/^basic$/i.test(scheme)) {
    let text;
    try {
      text = Buffer.from(value, 'base64').toString('utf-8');
    } catch {
      return { error: 'There was a problem with authentication' };
    }
    const i = text.indexOf(':');
    if (i < 0) return { error: 'There was a problem with authentication' };
    const creds = { user: text.slice(0, i), pass: text.slice(i + 1) };
    const ns = headers['surreal-auth-ns'];
    const db = headers['surreal-auth-db'];
    if (db !== undefined && ns === undefined) return { error: 'There was a problem with authentication' };
    if (ns !== undefined) creds.ns = ns;
    if (db !== undefined) creds.db = db;
    return { type: 'basic', creds };
  }
  if (/^bearer$/i.test(scheme)) return { type: 'bearer', token: value };
  return undefined;
}

export function sessionHeaders(headers) {
  return { ns: headers['surreal-ns'], db: headers['surreal-db'] };
}

function mediaType(v) {
  if (v === undefined) return undefined;
  const t = v.split(';')[0].trim().toLowerCase();
  if (t === 'application/json') return 'json';
  if (t === 'application/cbor') return 'cbor';
  if (t === '*/*') return 'any';
  if (t === 'text/plain') return 'text';
  return 'other';
}

/** Accept header -> wanted format; the first listed type that we know wins. */
function acceptType(v) {
  if (v === undefined) return undefined;
  const types = v.split(',').map((x) => mediaType(x));
  return types.find((t) => t !== 'other') ?? 'other';
}

async function readBody(req, limit) {
  const chunks = [];
  let n = 0;
  for await (const c of req) {
    n += c.length;
    if (n > limit) throw new HttpError(413, null);
    chunks.push(c);
  }
  return Buffer.concat(chunks);
}

export function createHttpHandler(server) {
  const { kind } = server;

  function send(res, status, body, type) {
    const headers = {};
    if (type) headers['content-type'] = type;
    res.writeHead(status, headers);
    res.end(body ?? '');
  }

  function sendError(res, status, information) {
    send(res, status, httpErrorBody(kind, status, information), 'application/json');
  }

  /** Fresh per-request session seeded from headers; throws HttpError(401) on auth failure. */
  async function openSession(req, format) {
    const conn = { transport: 'http', format, label: `http ${req.method} ${req.url}` };
    await server.backend.open(conn);
    const auth = parseAuth(req.headers);
    let failure = auth && auth.error ? auth.error : null;
    if (!failure) failure = await server.backend.seed(conn, { ...sessionHeaders(req.headers), auth });
    if (failure) {
      await server.backend.close(conn);
      throw new HttpError(401, failure, 'text/plain; charset=utf-8');
    }
    return conn;
  }

  async function rpc(req, res) {
    const ct = mediaType(req.headers['content-type']);
    if (ct === undefined) return send(res, 400, 'Header of type `content-type` was missing', 'text/plain; charset=utf-8');
    if (ct !== 'json' && ct !== 'cbor') return sendError(res, 415);
    let accept = acceptType(req.headers.accept);
    if (kind === 'v3') {
      if (accept === 'any') accept = 'json';
      if (accept === 'other' || accept === 'text') return send(res, 400, 'invalid HTTP header (accept)', 'text/plain; charset=utf-8');
    } else if (accept !== 'json' && accept !== 'cbor') accept = undefined;
    if (accept !== undefined && accept !== ct) return sendError(res, 415);
    const body = await readBody(req, LIMITS.rpc);
    const conn = await openSession(req, ct);
    try {
      const { protocolError } = decodeFrame(server, conn, body);
      if (protocolError) {
        return sendError(res, 400, protocolError === 'parse' ? 'Parse error' : 'Invalid request');
      }
      const out = await handleFrame(server, conn, body, false);
      return send(res, 200, out, ct === 'cbor' ? 'application/cbor' : 'application/json');
    } finally {
      await server.backend.close(conn);
    }
  }

  async function sql(req, res, url) {
    let accept = acceptType(req.headers.accept);
    if (kind === 'v3') {
      if (accept === undefined || accept === 'any') accept = 'json';
    }
    if (accept !== 'json' && accept !== 'cbor') return sendError(res, 415);
    const text = (await readBody(req, LIMITS.sql)).toString('utf-8');
    const vars = new Map();
    for (const [k, v] of url.searchParams) {
      if (kind === 'v3') vars.set(k, v);
      else {
        try { vars.set(k, parseJson(v)); } catch { vars.set(k, v); }
      }
    }
    const conn = await openSession(req, 'cbor');
    try {
      const out = await dispatch(server, conn, {
        hasId: false, method: 'query', params: Val.fromTree([text, vars]),
      });
      if (out.error) {
        const e = out.error instanceof Val ? out.error.tree : out.error;
        const msg = String(e.get('message'));
        return sendError(res, statusForError(kind, msg), msg);
      }
      if (accept === 'json') return send(res, 200, toJson(out.result.tree), 'application/json');
      const bytes = kind === 'v3' ? out.result.raw : encode(toPlain(out.result.tree));
      return send(res, 200, bytes, 'application/cbor');
    } finally {
      await server.backend.close(conn);
    }
  }

  async function signin(req, res, method) {
    const raw = (await readBody(req, LIMITS.signin)).toString('utf-8');
    let obj;
    try {
      obj = JSON.parse(raw);
    } catch {
      return sendError(res, 400, 'The request body contains invalid data');
    }
    if (!obj || typeof obj !== 'object' || Array.isArray(obj)) return sendError(res, 400, 'The request body contains invalid data');
    const conn = { transport: 'http', format: 'cbor', label: `http ${method}` };
    await server.backend.open(conn);
    try {
      const out = await dispatch(server, conn, { hasId: false, method, params: Val.fromTree([obj]) });
      if (out.error) {
        const e = out.error instanceof Val ? out.error.tree : out.error;
        return sendError(res, 401, String(e.get('message')));
      }
      const token = out.result.tree;
      const accept = acceptType(req.headers.accept);
      const body = new Map([['code', 200], ['details', 'Authentication succeeded']]);
      if (kind === 'v2') body.set('refresh', null);
      body.set('token', out.result.tree);
      if (accept === 'json') return send(res, 200, toJson(body), 'application/json');
      if (accept === 'cbor') {
        body.set('token', new Raw(out.result.raw));
        return send(res, 200, encode(body), 'application/cbor');
      }
      if (accept === 'text') {
        const access = token instanceof Map ? token.get('access') : token;
        return send(res, 200, String(access), 'text/plain; charset=utf-8');
      }
      return send(res, 200, '');
    } finally {
      await server.backend.close(conn);
    }
  }

  return async function handle(req, res) {
    const url = new URL(req.url, 'http://localhost');
    res.setHeader('server', 'SurrealDB');
    res.setHeader('surreal-version', server.versionHeader);
    res.setHeader('x-request-id', req.headers['x-request-id'] || randomUUID());
    server.log.debug(`${req.method} ${url.pathname}`);
    try {
      const route = `${req.method} ${url.pathname}`;
      switch (route) {
        case 'GET /health':
        case 'GET /status':
          return send(res, 200);
        case 'GET /version':
          return send(res, 200, server.version, 'text/plain; charset=utf-8');
        case 'GET /dev/stats': // not SurrealDB's: the dev server's own counters
          return send(res, 200, JSON.stringify({
            ws_requests: server.stats.wsRequests,
            ws_busy_us: Number(server.stats.wsBusyNs / 1000n),
            cpu_us: (({ user, system }) => user + system)(process.cpuUsage()), // all threads
          }), 'application/json');
        case 'GET /':
          res.setHeader('location', 'https://app.surrealdb.com');
          return send(res, 307);
        case 'POST /rpc':
          return await rpc(req, res);
        case 'POST /sql':
          return await sql(req, res, url);
        case 'POST /signin':
          return await signin(req, res, 'signin');
        case 'POST /signup':
          return await signin(req, res, 'signup');
        case 'GET /rpc':
        case 'GET /sql':
          return send(res, 400, 'Connection header did not include \'upgrade\'', 'text/plain; charset=utf-8');
        case 'OPTIONS /rpc':
        case 'OPTIONS /sql':
          return send(res, 200);
        default:
          if (['/health', '/status', '/version', '/rpc', '/sql', '/signin', '/signup'].includes(url.pathname)) {
            return send(res, 405);
          }
          return send(res, 404);
      }
    } catch (e) {
      if (e instanceof HttpError) {
        if (e.status === 413) res.setHeader('connection', 'close'); // the rest of the body is not read
        if (e.type) return send(res, e.status, e.body, e.type);
        return sendError(res, e.status);
      }
      server.log.info(`HTTP ${req.method} ${url.pathname} failed: ${e && e.stack ? e.stack : e}`);
      if (!res.headersSent) return sendError(res, 500, String(e && e.message));
      res.destroy();
    }
    return undefined;
  };
}
