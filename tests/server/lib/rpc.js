// Transport-independent RPC dispatch shared by WebSocket and HTTP /rpc.
//
// A "connection" object (conn) is what the backends keep state on:
//   conn.transport  'ws' | 'http'
//   conn.format     'cbor' | 'json'   (ws: negotiated; http: from Content-Type)
//   conn.notify(val, sessionUuid?)    deliver a notification (ws only)
//   conn.state      backend-private session state

import { decodeMapSpans, Tagged, NONE } from './cbor.js';
import { decodeRequest, encodeResponse, ProtocolError, Val } from './protocol.js';
import { ERRORS } from './errors.js';

/**
 * Methods refused to a session that has not signed in / authenticated.
 * The embedded engines run with authentication disabled, where an anonymous
 * session is all-powerful; a real `surreal start` refuses guests (§3), so the
 * dev server does that check itself.
 */
export const GATED_METHODS = new Set([
  'query', 'select', 'create', 'insert', 'insert_relation', 'update', 'upsert', 'merge',
  'patch', 'delete', 'relate', 'run', 'live', 'kill', 'info', 'begin', 'commit', 'cancel',
  'graphql',
]);

/** Methods after whose success the session counts as authenticated. */
export const AUTH_METHODS = new Set(['signin', 'signup', 'authenticate', 'refresh']);

/** Split an engine reply into {result: Val} or {error: Val}. */
export function parseEngineReply(bytes) {
  let spans = null;
  try {
    spans = decodeMapSpans(bytes);
  } catch {
    return { result: Val.fromRaw(bytes) };
  }
  if (spans && spans.size === 1 && spans.has('error')) {
    const e = spans.get('error');
    if (e.value instanceof Map && e.value.has('code') && e.value.has('message')) {
      return { error: new Val(e.raw, e.value) };
    }
  }
  return { result: Val.fromRaw(bytes) };
}

export function isNoneOrNull(v) {
  return v === null || v === undefined || (v instanceof Tagged && v.tag === 6);
}

export const NONE_VAL = Val.fromTree(NONE);

/**
 * Decode a frame; returns {req} or {protocolError: 'parse'|'invalidRequest'}.
 */
export function decodeFrame(server, conn, data) {
  try {
    return { req: decodeRequest(conn.format, data, server.kind) };
  } catch (e) {
    if (e instanceof ProtocolError) return { protocolError: e.kind };
    throw e;
  }
}

/** Run a decoded request through the backend; returns {result}|{error}[, noId]. */
export async function dispatch(server, conn, req) {
  let out;
  try {
    out = await server.backend.call(conn, req);
  } catch (e) {
    server.log.info(`[${conn.label}] ${req.method} failed inside the dev server: ${e && e.stack ? e.stack : e}`);
    out = { error: ERRORS[server.kind].internal(String(e && e.message ? e.message : e)) };
  }
  server.log.debug(`[${conn.label}] ${req.method} -> ${out.error ? 'error' : 'ok'}`);
  return out;
}

/**
 * Handle one request frame end to end. Returns the encoded response
 * (string for JSON, Buffer for CBOR). withId=false for HTTP /rpc.
 */
export async function handleFrame(server, conn, data, withId = true) {
  const { req, protocolError } = decodeFrame(server, conn, data);
  if (protocolError) {
    server.log.debug(`[${conn.label}] ${protocolError} frame`);
    return encodeResponse(conn.format, { error: ERRORS[server.kind][protocolError]() });
  }
  const out = await dispatch(server, conn, req);
  return encodeResponse(conn.format, {
    id: out.noId || !withId || !req.hasId ? undefined : req.id,
    result: out.result,
    error: out.error,
    session: out.noId ? undefined : req.session,
  });
}
