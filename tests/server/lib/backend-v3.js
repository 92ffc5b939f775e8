// v3 backend: the embedded 3.x engine has real server-side sessions.
//
// * Every WebSocket connection (and every HTTP request) gets its own engine
//   session: a random UUID that is `attach`ed, injected as `session` into each
//   of that connection's requests, and `detach`ed on close (which also drops
//   its live queries).
// * Sessions a client attaches itself are namespaced per connection: the
//   client's id is mapped to a fresh engine session id, and mapped back in
//   responses and notifications. Over HTTP the client-session map is
//   server-global, like the real server's single `Http` RPC state.
// * `txn` ids returned by `begin` are remembered per connection; a request
//   naming a transaction the connection did not begin gets "Transaction not
//   found", and open transactions are cancelled when the socket closes.
// * Notifications carry the engine session id; that routes them to the
//   owning connection.
// * KILLED notifications: the real 3.x server sends {action: "KILLED"} to the
//   owner when a live query is killed; the embedded 3.0.2 engine does not emit
//   them, so the dev server synthesises one after a successful `kill` call or
//   `KILL <uuid|$param>` statement in `query` (not for REMOVE TABLE).

import { randomUUID } from 'node:crypto';
import { encode, decodeMapSpans, Raw, NONE, Tagged, asUuidString } from './cbor.js';
import { Val, uuidVal } from './protocol.js';
import { ERRORS } from './errors.js';
import { parseEngineReply, GATED_METHODS, AUTH_METHODS, NONE_VAL } from './rpc.js';

const E = ERRORS.v3;

export class V3Backend {
  constructor(engine, log) {
    this.engine = engine;
    this.log = log;
    this.owners = new Map(); // engine session id -> { conn, client: client session id | null }
    this.httpShared = { clientSessions: new Map(), authed: new Map() };
    this.liveOwner = new Map(); // live query id -> engine session id
    this.killedSent = new Set(); // live query ids we synthesised KILLED for
    engine.onNotification((bytes) => this.#route(bytes));
  }

  async exec({ id, method, params, session, txn, version }) {
    const m = new Map();
    if (id !== undefined) m.set('id', new Raw(id.raw));
    m.set('method', method);
    m.set('params', params instanceof Val ? new Raw(params.raw) : params);
    if (session) m.set('session', uuidVal(session));
    if (txn) m.set('txn', uuidVal(txn));
    if (version !== undefined) m.set('version', version);
    let bytes;
    try {
      bytes = await this.engine.execute(encode(m));
    } catch (e) {
      const msg = String(e && e.message ? e.message : e);
      if (msg === 'Invalid request') return { error: Val.fromTree(E.invalidRequest()), noId: true };
      return { error: Val.fromTree(E.internal(msg)) };
    }
    return parseEngineReply(bytes);
  }

  /** Create the default session of a WebSocket connection or an HTTP request. */
  async open(conn) {
    const shared = conn.transport === 'http' ? this.httpShared : null;
    conn.state = {
      defaultSid: randomUUID(),
      clientSessions: shared ? shared.clientSessions : new Map(),
      authed: shared ? shared.authed : new Map(),
      txns: new Set(),
    };
    const r = await this.exec({ method: 'attach', params: [], session: conn.state.defaultSid });
    if (r.error) throw new Error(`cannot attach engine session: ${JSON.stringify(r.error.tree.get('message'))}`);
    conn.state.authed.set(conn.state.defaultSid, false);
    this.owners.set(conn.state.defaultSid, { conn, client: null });
  }

  /** Seed the default session from HTTP headers. Returns null or an auth failure message. */
  async seed(conn, { ns, db, auth }) {
    const sid = conn.state.defaultSid;
    if (auth) {
      const r = auth.type === 'basic'
        ? await this.exec({ method: 'signin', params: [auth.creds], session: sid })
        : await this.exec({ method: 'authenticate', params: [auth.token], session: sid });
      if (r.error) return String(r.error.tree.get('message'));
      conn.state.authed.set(sid, true);
    }
    if (ns !== undefined || db !== undefined) {
      const r = await this.exec({ method: 'use', params: [ns ?? NONE, db ?? NONE], session: sid });
      if (r.error) return null; // the real server reports a bad ns/db on the first query
    }
    return null;
  }

  async close(conn) {
    const st = conn.state;
    if (!st || st.closed) return;
    st.closed = true;
    for (const t of st.txns) await this.exec({ method: 'cancel', params: [uuidVal(t)] });
    const sids = [st.defaultSid];
    if (conn.transport !== 'http') sids.push(...st.clientSessions.values());
    for (const sid of sids) {
      await this.exec({ method: 'detach', params: [], session: sid });
      this.owners.delete(sid);
      st.authed.delete(sid);
    }
    this.#forgetLives(sids);
  }

  #forgetLives(sids) {
    for (const [id, sid] of this.liveOwner) if (sids.includes(sid)) this.liveOwner.delete(id);
  }

  async call(conn, req) {
    const st = conn.state;
    const { method } = req;
    const client = req.session;
    let sid = st.defaultSid;

    if (client) {
      if (method === 'attach') {
        if (st.clientSessions.has(client)) return { error: E.sessionExists(client) };
        const fresh = randomUUID();
        const r = await this.exec({ ...req, session: fresh, txn: undefined });
        if (!r.error) {
          st.clientSessions.set(client, fresh);
          st.authed.set(fresh, false);
          this.owners.set(fresh, { conn, client });
        }
        return r;
      }
      sid = st.clientSessions.get(client);
      if (!sid) {
        if (method === 'detach') return { result: NONE_VAL };
        return { error: E.sessionNotFound(client) };
      }
      if (method === 'detach') {
        const r = await this.exec({ ...req, session: sid, txn: undefined });
        st.clientSessions.delete(client);
        st.authed.delete(sid);
        this.owners.delete(sid);
        this.#forgetLives([sid]);
        return r;
      }
    } else if (method === 'attach' || method === 'detach') {
      return this.exec({ ...req, session: undefined }); // engine: "Expected a session ID"
    }

    if (method === 'sessions') {
      return { result: Val.fromTree([...st.clientSessions.keys()].map(uuidVal)) };
    }
    if (conn.transport === 'http') {
      if (method === 'begin' || method === 'commit' || method === 'cancel') return { error: E.methodNotFound(method) };
      if (method === 'live') return { error: E.liveNotSupported() };
    }
    if (GATED_METHODS.has(method) && !st.authed.get(sid)) return { error: E.guest() };

    if (req.txn && !st.txns.has(req.txn)) return { error: E.txnNotFound() };
    let endTxn;
    if (method === 'commit' || method === 'cancel') {
      const p = req.params.tree;
      endTxn = p.length ? asUuidString(p[p.length - 1]) : null;
      if (endTxn && !st.txns.has(endTxn)) return { error: E.txnNotFound() };
    }

    const r = await this.exec({ ...req, session: sid });
    if (r.error) return r;
    this.#trackLive(sid, req, r);
    if (AUTH_METHODS.has(method)) st.authed.set(sid, true);
    else if (method === 'invalidate' || method === 'reset') st.authed.set(sid, false);
    else if (method === 'begin') {
      const t = asUuidString(r.result.tree);
      if (t) st.txns.add(t);
    } else if (endTxn) st.txns.delete(endTxn);
    return r;
  }

  #trackLive(sid, req, r) {
    const { method } = req;
    const params = req.params.tree;
    if (method === 'live') {
      const id = asUuidString(r.result.tree);
      if (id) this.liveOwner.set(id, sid);
    } else if (method === 'kill') {
      this.#killed(asUuidString(params[0]));
    } else if (method === 'query' && typeof params[0] === 'string') {
      const results = r.result.tree;
      if (!Array.isArray(results)) return;
      const vars = params[1] instanceof Map ? params[1] : new Map();
      const kills = [...params[0].matchAll(/\bKILL\s+(?:u?(["'])([0-9a-fA-F-]{36})\1|\$(\w+))/gi)]
        .map((m) => (m[2] ? m[2].toLowerCase() : asUuidString(vars.get(m[3]))));
      let k = 0;
      for (const st of results) {
        if (!(st instanceof Map) || st.get('status') !== 'OK') {
          if (st instanceof Map && st.get('type') === 'kill') k += 1;
          continue;
        }
        if (st.get('type') === 'live') {
          const id = asUuidString(st.get('result'));
          if (id) this.liveOwner.set(id, sid);
        } else if (st.get('type') === 'kill') {
          this.#killed(kills[k]);
          k += 1;
        }
      }
    }
  }

  #killed(id) {
    if (!id) return;
    const sid = this.liveOwner.get(id);
    this.liveOwner.delete(id);
    if (!sid || !this.owners.has(sid)) return;
    this.killedSent.add(id);
    const uuid = (s) => new Tagged(37, Buffer.from(s.replace(/-/g, ''), 'hex'));
    this.#route(encode(new Map([
      ['action', 'KILLED'], ['id', uuid(id)], ['record', NONE], ['result', NONE], ['session', uuid(sid)],
    ])), true);
    if (this.killedSent.size > 10000) this.killedSent.clear();
  }

  #route(bytes, synthetic = false) {
    let spans;
    try {
      spans = decodeMapSpans(bytes);
    } catch (e) {
      this.log.info(`undecodable notification dropped: ${e.message}`);
      return;
    }
    if (!spans) return;
    const sid = asUuidString(spans.get('session')?.value);
    if (!synthetic && spans.get('action')?.value === 'KILLED') {
      // An engine-emitted KILLED after one we synthesised is a duplicate.
      const lq = asUuidString(spans.get('id')?.value);
      if (lq && this.killedSent.delete(lq)) return;
    }
    const owner = sid ? this.owners.get(sid) : undefined;
    if (!owner) {
      this.log.debug(`notification for unknown session ${sid} dropped`);
      return;
    }
    const m = new Map();
    for (const [k, { raw }] of spans) m.set(k, new Raw(raw));
    m.set('session', owner.client ? uuidVal(owner.client) : NONE);
    owner.conn.notify(Val.fromRaw(encode(m)), owner.client ?? undefined);
  }
}
