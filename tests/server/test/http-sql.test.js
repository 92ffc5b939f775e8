// server.http.sql: POST /sql.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, decode, plain, basic, ENGINE, isFn } from './helper.js';

const V3 = ENGINE === 'v3';

describe(`POST /sql (${ENGINE})`, () => {
  let srv;
  const sql = (body, headers = {}, query = '') => fetch(`${srv.url}/sql${query}`, { method: 'POST', headers, body });
  const auth = { authorization: basic(), 'surreal-ns': 's', 'surreal-db': 's', accept: 'application/json' };
  before(async () => { srv = await startServer(); });
  after(async () => { await srv?.stop(); });

  it('runs statements and returns the per-statement array', async () => {
    const r = await sql("CREATE t:1 SET a = 1; SELECT * FROM t; THROW 'boom'", auth);
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('content-type'), 'application/json');
    const body = await r.json();
    assert.equal(body.length, 3);
    assert.equal(body[0].status, 'OK');
    assert.deepEqual(body[1].result, [{ a: 1, id: 't:1' }]);
    assert.equal(body[2].status, 'ERR');
    assert.match(body[2].result, /boom/);
    if (V3) assert.equal(body[0].type, null);
  });

  it('honours Accept: cbor (tagged on v3, plain on v2), json default and 415', async () => {
    const r = await sql('SELECT * FROM t', { ...auth, accept: 'application/cbor' });
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('content-type'), 'application/cbor');
    const rows = plain(decode(Buffer.from(await r.arrayBuffer())))[0].result;
    assert.deepEqual(rows[0].id, V3 ? { $tag8: ['t', 1] } : 't:1');
    const { accept, ...noAccept } = auth;
    assert.equal((await sql('RETURN 1', noAccept)).status, V3 ? 200 : 415);
    assert.equal((await sql('RETURN 1', { ...auth, accept: 'text/html' })).status, 415);
  });

  it('reports whole-query failures with the HTTP error body', async () => {
    const r = await sql('SELECT * FROM', auth);
    assert.equal(r.status, 400);
    const body = await r.json();
    assert.equal(body.code, 400);
    assert.equal(body.details, V3 ? 'Request problems dectected' : 'Request problems detected');
    assert.match(body.information, /Parse error/);
  });

  it('refuses guests (403) and bad credentials (401 plain text)', async () => {
    const g = await sql('RETURN 1', { accept: 'application/json' });
    assert.equal(g.status, 403);
    const gb = await g.json();
    assert.equal(gb.details, 'Forbidden');
    assert.match(gb.information, /Not enough permissions/);
    const b = await sql('RETURN 1', { ...auth, authorization: basic('root', 'nope') });
    assert.equal(b.status, 401);
    assert.match(b.headers.get('content-type'), /^text\/plain/);
    assert.match(await b.text(), /problem with authentication/);
  });

  it('accepts Bearer tokens and namespace-level Basic auth (Surreal-Auth-NS)', async () => {
    await sql("DEFINE USER nsuser ON NAMESPACE PASSWORD 'pw' ROLES EDITOR", auth);
    const r = await sql('RETURN session::ns()', {
      authorization: basic('nsuser', 'pw'), 'surreal-auth-ns': 's', 'surreal-ns': 's', 'surreal-db': 's', accept: 'application/json',
    });
    assert.equal(r.status, 200);
    assert.equal((await r.json())[0].result, 's');
    const rootNs = await sql('RETURN 1', { ...auth, authorization: basic('nsuser', 'pw') });
    assert.equal(rootNs.status, 401, 'without Surreal-Auth-NS Basic auth is root-level');

    const signin = await fetch(`${srv.url}/signin`, {
      method: 'POST', headers: { accept: 'application/json' }, body: JSON.stringify({ user: 'root', pass: 'root' }),
    });
    const { token } = await signin.json();
    const t = await sql('SELECT * FROM t', { ...auth, authorization: `Bearer ${token}` });
    assert.equal(t.status, 200);
    assert.equal((await t.json())[0].result.length, 1);
  });

  it('binds URL query parameters as variables', async () => {
    const r = await sql(`RETURN [${isFn('string')}($age), ${isFn('number')}($age)]`, auth, '?age=18');
    const body = await r.json();
    // v3 keeps them as strings; v2 parses them as values.
    assert.deepEqual(body[0].result, V3 ? [true, false] : [false, true]);
  });
});
