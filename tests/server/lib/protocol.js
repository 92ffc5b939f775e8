// Wire framing for RPC: decoding request frames (CBOR or JSON) into a
// normalised request, and encoding responses/notifications back.
//
// CBOR payloads are spliced, not re-encoded: the engine receives the client's
// exact `params`/`id` bytes and the client receives the engine's exact result
// bytes. Map keys of the envelope are written in sorted order
// (error, id, result, session) like the server's BTreeMap.

import {
  decode, decodeMapSpans, encode, Raw, Tagged, Float, CborError, asUuidString,
} from './cbor.js';
import { parseJson, toJson, JsonParseError } from './json.js';

/** A value known by its CBOR bytes and/or its decoded form. */
export class Val {
  constructor(raw, tree) { this._raw = raw; this._tree = tree; this._hasTree = tree !== undefined || raw === undefined; }
  static fromRaw(raw) { return new Val(raw, undefined); }
  static fromTree(tree) { const v = new Val(undefined, tree); v._hasTree = true; return v; }
  get raw() { if (this._raw === undefined) this._raw = encode(this._tree); return this._raw; }
  get tree() { if (!this._hasTree) { this._tree = decode(this._raw); this._hasTree = true; } return this._tree; }
}

export class ProtocolError extends Error {
  constructor(kind) { super(kind); this.kind = kind; } // 'parse' | 'invalidRequest'
}

function validId(v) {
  if (v === null || typeof v === 'number' || typeof v === 'bigint' || typeof v === 'string') return true;
  if (v instanceof Float) return true;
  if (v instanceof Tagged) {
    if (v.tag === 6) return true; // NONE
    if (v.tag === 37 || v.tag === 9) return asUuidString(v) !== null;
    if (v.tag === 12 || v.tag === 0) return true; // datetime
  }
  return false;
}

function uuidField(entry, required) {
  if (!entry) return undefined;
  const v = entry.tree;
  if (v === null || (v instanceof Tagged && v.tag === 6)) return undefined;
  const s = asUuidString(v);
  if (s === null && required) throw new ProtocolError('invalidRequest');
  return s ?? undefined;
}

/**
 * Decode one request frame.
 * format: 'cbor' | 'json'; data: Buffer/Uint8Array (CBOR) or string/Buffer (JSON).
 * kind: 'v3' | 'v2' (v2 ignores session/txn).
 */
export function decodeRequest(format, data, kind) {
  const fields = new Map(); // key -> Val
  if (format === 'cbor') {
    let spans;
    try {
      spans = decodeMapSpans(data);
    } catch (e) {
      if (e instanceof CborError || e instanceof RangeError) throw new ProtocolError('parse');
      throw e;
    }
    if (!spans) throw new ProtocolError('invalidRequest');
    for (const [k, { value, raw }] of spans) {
      if (typeof k === 'string') fields.set(k, new Val(raw, value));
    }
  } else {
    let tree;
    try {
      tree = parseJson(typeof data === 'string' ? data : Buffer.from(data).toString('utf-8'));
    } catch (e) {
      if (e instanceof JsonParseError) throw new ProtocolError('parse');
      throw e;
    }
    if (!(tree instanceof Map)) throw new ProtocolError('invalidRequest');
    for (const [k, v] of tree) fields.set(k, Val.fromTree(v));
  }

  const req = { hasId: false, id: undefined, method: undefined, params: undefined, version: undefined, session: undefined, txn: undefined };
  const id = fields.get('id');
  if (id !== undefined) {
    if (!validId(id.tree)) throw new ProtocolError('invalidRequest');
    req.hasId = true;
    req.id = id;
  }
  const method = fields.get('method');
  if (!method || typeof method.tree !== 'string') throw new ProtocolError('invalidRequest');
  req.method = method.tree;
  const params = fields.get('params');
  req.params = params && Array.isArray(params.tree) ? params : Val.fromTree([]);
  const version = fields.get('version');
  if (version !== undefined && version.tree !== null && !(version.tree instanceof Tagged && version.tree.tag === 6)) {
    if (version.tree !== 1 && version.tree !== 2) throw new ProtocolError('invalidRequest');
    req.version = version.tree;
  }
  if (kind === 'v3') {
    req.session = uuidField(fields.get('session'), true);
    req.txn = uuidField(fields.get('txn'), true);
  }
  return req;
}

/**
 * Encode a response envelope.
 *   parts: { id?: Val, result?: Val, error?: Val|tree, session?: string (uuid) }
 * Returns a string (JSON) or a Buffer (CBOR).
 */
export function encodeResponse(format, parts) {
  const err = parts.error === undefined ? undefined : (parts.error instanceof Val ? parts.error : Val.fromTree(parts.error));
  const session = parts.session === undefined ? undefined : uuidVal(parts.session);
  if (format === 'cbor') {
    const m = new Map();
    if (err) m.set('error', new Raw(err.raw));
    if (parts.id) m.set('id', new Raw(parts.id.raw));
    if (parts.result) m.set('result', new Raw(parts.result.raw));
    if (session) m.set('session', session);
    return encode(m);
  }
  const out = [];
  if (err) out.push(`"error":${toJson(err.tree)}`);
  if (parts.id) out.push(`"id":${toJson(parts.id.tree)}`);
  if (parts.result) out.push(`"result":${toJson(parts.result.tree)}`);
  if (session) out.push(`"session":${toJson(session)}`);
  return `{${out.join(',')}}`;
}

export function uuidVal(s) {
  return new Tagged(37, new Uint8Array(Buffer.from(s.replace(/-/g, ''), 'hex')));
}
