// v2 backend: the embedded 2.x (wasm) engine has exactly ONE session.
//
// Every connection (and HTTP request) owns a virtual session
//   { ns, db, token, vars, authed, lives }
// and all engine calls are serialised. Before a request runs, the engine's
// single session is switched to the caller's virtual session when another one
// is loaded: `authenticate` with the caller's token (or `invalidate`), `use`
// its ns/db (null unsets), `unset`/`let` its variables. After the request the
// virtual session is updated from what the call did (signin/signup token,
// authenticate token, invalidate, use, let/set/unset); ns/db are read back
// from the engine after auth calls and `use`.
//
// `reset` is emulated (the wasm build panics on it): kill the session's live
// queries, invalidate, unset ns/db and every variable.
//
// Live queries: ids returned by `live` (and UUID results of `query` calls that
// contain LIVE) are recorded with their owning connection; notifications are
// routed by id and the connection's live queries are killed when it closes.

import { encode, decodeMapSpans, Raw, NONE, Tagged, asUuidString } from './cbor.js';
import { Val } from './protocol.js';
import { ERRORS, v2ErrorFromThrown } from './errors.js';
import { GATED_METHODS, AUTH_METHODS, NONE_VAL, isNoneOrNull } from './rpc.js';

const E = ERRORS.v2;

function newVirtualSession(conn) {
  return { conn, ns: null, db: null, token: null, vars: new Map(), authed: false, lives: new Set() };
}

export class V2Backend {
  constructor(engine, log) {
    this.engine = engine;
    this.log = log;
    this.queue = Promise.resolve();
    this.loaded = null; // virtual session currently in the engine (null = the startup one)
    this.engineVars = new Set();
    this.liveOwner = new Map(); // live query uuid -> virtual session
    this.orphans = []; // notifications whose live id is not yet registered
    engine.onNotification((bytes) => this.#route(bytes));
  }

  #locked(fn) {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => {});
    return run;
  }

  async exec({ id, method, params, version }) {
    const m = new Map();
    if (id !== undefined) m.set('id', new Raw(id.raw));
    m.set('method', method);
    m.set('params', params instanceof Val ? new Raw(params.raw) : params);
    if (version !== undefined) m.set('version', version);
    try {
      return { result: Val.fromRaw(await this.engine.execute(encode(m))) };
    } catch (e) {
      const error = v2ErrorFromThrown(e);
      if (error.get('code') === -32600) return { error, noId: true };
      return { error };
    }
  }

  async #snapshot(vs) {
    const r = await this.exec({ method: 'query', params: ['RETURN [session::ns(), session::db()]'] });
    if (r.error) return;
    const first = r.result.tree?.[0];
    const pair = first instanceof Map ? first.get('result') : null;
    if (Array.isArray(pair)) {
      vs.ns = typeof pair[0] === 'string' ? pair[0] : null;
      vs.db = typeof pair[1] === 'string' ? pair[1] : null;
    }
  }

  async #load(vs) {
    if (this.loaded === vs) return;
    if (vs.token) {
      const r = await this.exec({ method: 'authenticate', params: [vs.token] });
      if (r.error) {
        this.log.info(`v2: could not restore a session token (${r.error.get('message')}); session is now anonymous`);
        await this.exec({ method: 'invalidate', params: [] });
      }
    } else {
      await this.exec({ method: 'invalidate', params: [] });
    }
    await this.exec({ method: 'use', params: [vs.ns, vs.db] });
    for (const name of this.engineVars) {
      if (!vs.vars.has(name)) await this.exec({ method: 'unset', params: [name] });
    }
    for (const [name, raw] of vs.vars) await this.exec({ method: 'let', params: [name, new Raw(raw)] });
    this.engineVars = new Set(vs.vars.keys());
    this.loaded = vs;
  }

  async open(conn) {
    conn.state = newVirtualSession(conn);
  }

  async seed(conn, { ns, db, auth }) {
    const vs = conn.state;
    return this.#locked(async () => {
      await this.#load(vs);
      if (auth) {
        const r = auth.type === 'basic'
          ? await this.exec({ method: 'signin', params: [auth.creds] })
          : await this.exec({ method: 'authenticate', params: [auth.token] });
        if (r.error) {
          return String(r.error.get('message')).replace(/^There was a problem with the database: /, '');
        }
        vs.token = auth.type === 'basic' ? r.result.tree : auth.token;
        vs.authed = true;
        await this.#snapshot(vs);
      }
      if (ns !== undefined || db !== undefined) {
        await this.exec({ method: 'use', params: [ns ?? NONE, db ?? NONE] });
        await this.#snapshot(vs);
      }
      return null;
    });
  }

  async close(conn) {
    const vs = conn.state;
    if (!vs || vs.closed) return;
    vs.closed = true;
    if (vs.lives.size === 0) {
      if (this.loaded === vs) this.loaded = null;
      return;
    }
    await this.#locked(async () => {
      await this.#load(vs);
      for (const id of vs.lives) {
        await this.exec({ method: 'kill', params: [new Tagged(37, Buffer.from(id.replace(/-/g, ''), 'hex'))] });
        this.liveOwner.delete(id);
      }
      vs.lives.clear();
    });
  }

  async call(conn, req) {
    const vs = conn.state;
    const { method } = req;
    if (conn.transport === 'http' && method === 'live') return { error: E.liveNotSupported() };
    if (GATED_METHODS.has(method) && !vs.authed) return { error: E.guest() };
    return this.#locked(async () => {
      await this.#load(vs);
      if (method === 'reset') return this.#reset(vs, req);
      const r = await this.exec(req);
      if (!r.error) await this.#after(vs, req, r);
      return r;
    });
  }

  async #reset(vs, req) {
    if (req.params.tree.length !== 0) return { error: E.invalidParams() };
    for (const id of vs.lives) {
      await this.exec({ method: 'kill', params: [new Tagged(37, Buffer.from(id.replace(/-/g, ''), 'hex'))] });
      this.liveOwner.delete(id);
    }
    vs.lives.clear();
    await this.exec({ method: 'invalidate', params: [] });
    await this.exec({ method: 'use', params: [null, null] });
    for (const name of this.engineVars) await this.exec({ method: 'unset', params: [name] });
    this.engineVars.clear();
    Object.assign(vs, { ns: null, db: null, token: null, vars: new Map(), authed: false });
    return { result: NONE_VAL };
  }

  async #after(vs, req, r) {
    const { method } = req;
    const params = req.params.tree;
    if (method === 'signin' || method === 'signup') {
      const t = r.result.tree;
      vs.token = typeof t === 'string' ? t : null;
      vs.authed = true;
      await this.#snapshot(vs);
    } else if (AUTH_METHODS.has(method)) {
      vs.token = typeof params[0] === 'string' ? params[0] : null;
      vs.authed = true;
      await this.#snapshot(vs);
    } else if (method === 'invalidate') {
      vs.token = null;
      vs.authed = false;
    } else if (method === 'use') {
      await this.#snapshot(vs);
    } else if (method === 'let' || method === 'set') {
      const name = params[0];
      if (typeof name === 'string') {
        if (params.length < 2 || (params[1] instanceof Tagged && params[1].tag === 6) || params[1] === undefined) {
          vs.vars.delete(name);
          this.engineVars.delete(name);
        } else {
          vs.vars.set(name, encode(params[1]));
          this.engineVars.add(name);
        }
      }
    } else if (method === 'unset') {
      if (typeof params[0] === 'string') {
        vs.vars.delete(params[0]);
        this.engineVars.delete(params[0]);
      }
    } else if (method === 'live') {
      this.#own(vs, asUuidString(r.result.tree));
    } else if (method === 'query' && typeof params[0] === 'string' && /\bLIVE\b/i.test(params[0])) {
      const results = r.result.tree;
      if (Array.isArray(results)) {
        for (const s of results) {
          if (s instanceof Map && s.get('status') === 'OK') this.#own(vs, asUuidString(s.get('result')));
        }
      }
    } else if (method === 'kill') {
      const id = asUuidString(params[0]);
      if (id) {
        this.liveOwner.delete(id);
        vs.lives.delete(id);
      }
    }
  }

  #own(vs, id) {
    if (!id || isNoneOrNull(id)) return;
    vs.lives.add(id);
    this.liveOwner.set(id, vs);
    const pending = this.orphans.filter((o) => o.id === id);
    this.orphans = this.orphans.filter((o) => o.id !== id);
    for (const o of pending) this.#deliver(vs, o.bytes);
  }

  #deliver(vs, bytes) {
    if (vs.closed || !vs.conn.notify) return;
    vs.conn.notify(Val.fromRaw(bytes), undefined);
  }

  #route(bytes) {
    let spans;
    try {
      spans = decodeMapSpans(bytes);
    } catch (e) {
      this.log.info(`undecodable notification dropped: ${e.message}`);
      return;
    }
    const id = spans ? asUuidString(spans.get('id')?.value) : null;
    if (!id) return;
    const vs = this.liveOwner.get(id);
    if (vs) {
      this.#deliver(vs, bytes);
      return;
    }
    // The LIVE SELECT may still be in flight (registered when its call returns).
    const now = Date.now();
    this.orphans = this.orphans.filter((o) => now - o.at < 5000);
    this.orphans.push({ id, bytes, at: now });
  }
}
