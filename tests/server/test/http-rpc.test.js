// server.http.rpc: POST /rpc with JSON and CBOR bodies.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, encode, decode, plain, basic, ENGINE } from './helper.js';

const V3 = ENGINE === 'v3';

describe(`POST /rpc (${ENGINE})`, () => {
  let srv;
  const rpc = (body, headers = {}) => fetch(`${srv.url}/rpc`, { method: 'POST', headers, body });
  const jsonRpc = async (obj, headers = {}) => {
    const r = await rpc(JSON.stringify(obj), { 'content-type': 'application/json', accept: 'application/json', ...headers });
    return { status: r.status, headers: r.headers, text: await r.text() };
  };
  before(async () => { srv = await startServer(); });
  after(async () => { await srv?.stop(); });

  it('answers JSON without an id, HTTP 200, with server headers', async () => {
    const r = await jsonRpc({ id: 1, method: 'version' });
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('content-type'), 'application/json');
    assert.equal(r.text, `{"result":"${srv.version}"}`);
    assert.equal(r.headers.get('server'), 'SurrealDB');
    const semver = srv.version.replace('surrealdb-', '');
    assert.equal(r.headers.get('surreal-version'), V3 ? `surrealdb/${semver}` : `surrealdb-${semver}`);
  });

  it('answers CBOR when Content-Type and Accept are application/cbor', async () => {
    const r = await rpc(encode({ id: 1, method: 'version' }), { 'content-type': 'application/cbor', accept: 'application/cbor' });
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('content-type'), 'application/cbor');
    assert.deepEqual(plain(decode(Buffer.from(await r.arrayBuffer()))), { result: srv.version });
  });

  it('rejects unsupported or mismatched media types with 415', async () => {
    assert.equal((await rpc('{}', { 'content-type': 'text/plain' })).status, 415);
    assert.equal((await rpc('{"method":"ping"}', { 'content-type': 'application/json', accept: 'application/cbor' })).status, 415);
    // */* means JSON on v3 (so CBOR + */* is a mismatch); v2 does not recognise */*.
    const star = await rpc(encode({ method: 'version' }), { 'content-type': 'application/cbor', accept: '*/*' });
    assert.equal(star.status, V3 ? 415 : 200);
    const starJson = await rpc('{"method":"version"}', { 'content-type': 'application/json', accept: '*/*' });
    assert.equal(starJson.status, 200);
    // charset suffix is ignored
    const cs = await rpc('{"method":"version"}', { 'content-type': 'application/json; charset=utf-8' });
    assert.equal(cs.status, 200);
  });

  it('reports RPC errors in a 200 body; undecodable bodies are 400', async () => {
    const g = await jsonRpc({ method: 'query', params: ['RETURN 1'] });
    assert.equal(g.status, 200);
    const body = JSON.parse(g.text);
    assert.equal('id' in body, false);
    assert.equal(body.error.code, V3 ? -32002 : -32000);
    const bad = await rpc('{"method": ', { 'content-type': 'application/json' });
    assert.equal(bad.status, 400);
  });

  it('authenticates with Basic and Bearer headers; bad credentials are 401 plain text', async () => {
    const h = { authorization: basic(), 'surreal-ns': 'h', 'surreal-db': 'h' };
    const c = JSON.parse((await jsonRpc({ method: 'query', params: ["CREATE thing:1 SET v = 'x'"] }, h)).text);
    assert.equal(c.result[0].status, 'OK');
    const s = JSON.parse((await jsonRpc({ method: 'select', params: ['thing'] }, h)).text);
    assert.deepEqual(s.result, [{ id: 'thing:1', v: 'x' }]);

    const token = JSON.parse((await jsonRpc({ method: 'signin', params: [{ user: 'root', pass: 'root' }] })).text).result;
    assert.equal(typeof token, 'string');
    const b = JSON.parse((await jsonRpc({ method: 'select', params: ['thing'] }, { authorization: `Bearer ${token}`, 'surreal-ns': 'h', 'surreal-db': 'h' })).text);
    assert.equal(b.result.length, 1);

    const bad = await rpc('{"method":"ping"}', { 'content-type': 'application/json', authorization: basic('root', 'wrong') });
    assert.equal(bad.status, 401);
    assert.match(bad.headers.get('content-type'), /^text\/plain/);
    assert.match(await bad.text(), /problem with authentication/);
  });

  it('gives every request a fresh default session', async () => {
    const h = { authorization: basic() };
    await jsonRpc({ method: 'use', params: ['persist', 'persist'] }, h);
    const r = JSON.parse((await jsonRpc({ method: 'query', params: ['RETURN session::ns()'] }, h)).text);
    assert.equal(r.result[0].result, null);
    const anon = JSON.parse((await jsonRpc({ method: 'query', params: ['RETURN 1'] })).text);
    assert.ok(anon.error, 'a request without credentials must not inherit an earlier sign-in');
  });

  it('refuses live queries and (v3) transactions over HTTP', async () => {
    const h = { authorization: basic(), 'surreal-ns': 'h', 'surreal-db': 'h' };
    const live = JSON.parse((await jsonRpc({ method: 'live', params: ['thing'] }, h)).text);
    assert.ok(live.error);
    if (V3) {
      assert.equal(live.error.code, -32604);
      const begin = JSON.parse((await jsonRpc({ method: 'begin' }, h)).text);
      assert.equal(begin.error.code, -32601);
    }
  });

  it('keeps attached sessions across HTTP requests (v3; v2 has no attach)', async () => {
    const session = '0190a3b4-0000-7000-8000-0000000000aa';
    if (!V3) {
      const r = JSON.parse((await jsonRpc({ method: 'attach', session })).text);
      assert.equal(r.error.code, -32601);
      return;
    }
    const a = JSON.parse((await jsonRpc({ method: 'attach', session })).text);
    assert.deepEqual(a, { result: null, session });
    await jsonRpc({ method: 'signin', params: [{ user: 'root', pass: 'root' }], session });
    await jsonRpc({ method: 'use', params: ['hs', 'hs'], session });
    const q = JSON.parse((await jsonRpc({ method: 'query', params: ['RETURN session::ns()'], session })).text);
    assert.equal(q.result[0].result, 'hs');
    assert.equal(q.session, session);
    await jsonRpc({ method: 'detach', session });
    const gone = JSON.parse((await jsonRpc({ method: 'query', params: ['RETURN 1'], session })).text);
    assert.match(gone.error.message, /Session not found/);
  });
});
