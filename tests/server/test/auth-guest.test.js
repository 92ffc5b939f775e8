// server.auth.guest: anonymous sessions are refused until they sign in.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, RpcClient, rootClient, rawUpgrade, basic, ENGINE } from './helper.js';

const V3 = ENGINE === 'v3';

function assertGuestError(err) {
  if (V3) {
    assert.equal(err.code, -32002);
    assert.equal(err.kind, 'NotAllowed');
    assert.equal(err.message, 'Anonymous access not allowed: Not enough permissions to perform this action');
    assert.equal(err.details.kind, 'Auth');
    assert.equal(err.details.details.kind, 'NotAllowed');
  } else {
    assert.deepEqual(err, { code: -32000, message: 'There was a problem with the database: IAM error: Not enough permissions to perform this action' });
  }
}

describe(`guest access (${ENGINE})`, () => {
  let srv;
  before(async () => {
    srv = await startServer();
    const c = await rootClient(srv, { ns: 'g', db: 'g' });
    await c.call('query', [
      "DEFINE ACCESS acc ON DATABASE TYPE RECORD SIGNUP (CREATE user SET name = $name) SIGNIN (SELECT * FROM user WHERE name = $name) DURATION FOR TOKEN 1h, FOR SESSION 1h;"
      + ' DEFINE TABLE secret PERMISSIONS NONE; CREATE secret:1;'
      + ' DEFINE TABLE open PERMISSIONS FULL; CREATE open:1;',
    ]);
    await c.close();
  });
  after(async () => { await srv?.stop(); });

  it('refuses data methods to a guest and allows the open ones', async () => {
    const c = await RpcClient.connect(srv.wsUrl, { protocols: ['cbor'] });
    try {
      assert.equal(await c.call('version'), srv.version);
      await c.call('ping');
      await c.call('use', ['g', 'g']);
      for (const [m, p] of [['query', ['RETURN 1']], ['select', ['open']], ['create', ['open', {}]], ['info', []], ['live', ['open']], ['delete', ['open']]]) {
        const r = await c.request(m, p);
        assert.ok(r.msg.error, `${m} must be refused to a guest`);
        assertGuestError(r.msg.error);
      }
      // Nothing was created by the refused calls.
      const root = await rootClient(srv, { ns: 'g', db: 'g' });
      assert.equal((await root.call('select', ['open'])).length, 1);
      await root.close();
    } finally { await c.close(); }
  });

  it('allows after signin, refuses again after invalidate and reset', async () => {
    const c = await RpcClient.connect(srv.wsUrl, { protocols: ['json'] });
    try {
      const wrong = await c.request('signin', [{ user: 'root', pass: 'wrong' }]);
      assert.ok(wrong.msg.error);
      if (V3) assert.equal(wrong.msg.error.code, -32002);
      assertGuestError((await c.request('query', ['RETURN 1'])).msg.error);

      await c.call('signin', [{ user: 'root', pass: 'root' }]);
      assert.equal((await c.call('query', ['RETURN 1']))[0].result, 1);
      await c.call('invalidate');
      assertGuestError((await c.request('query', ['RETURN 1'])).msg.error);

      const token = await c.call('signin', [{ user: 'root', pass: 'root' }]);
      await c.call('reset');
      assertGuestError((await c.request('query', ['RETURN 1'])).msg.error);
      await c.call('authenticate', [token]);
      assert.equal((await c.call('query', ['RETURN 2']))[0].result, 2);
    } finally { await c.close(); }
  });

  it('counts record-access users as authenticated; the engine enforces their permissions', async () => {
    const c = await RpcClient.connect(srv.wsUrl, { protocols: ['json'] });
    try {
      const tok = await c.call('signup', [{ ns: 'g', db: 'g', ac: 'acc', name: 'bob' }]);
      assert.equal(typeof tok, 'string');
      const res = await c.call('query', ['SELECT * FROM open; SELECT * FROM secret; INFO FOR ROOT']);
      assert.equal(res[0].result.length, 1);
      assert.deepEqual(res[1].result, []);
      assert.equal(res[2].status, 'ERR');
      assert.match(res[2].result, /Not enough permissions/);

      const d = await RpcClient.connect(srv.wsUrl, { protocols: ['json'] });
      await d.call('signin', [{ ns: 'g', db: 'g', ac: 'acc', name: 'bob' }]);
      assert.equal((await d.call('select', ['open'])).length, 1);
      await d.close();
    } finally { await c.close(); }
  });

  it('authenticates the WebSocket upgrade with Basic/Bearer headers; refuses bad ones with 401', async () => {
    const c = await RpcClient.connect(srv.wsUrl, { protocols: ['json'], headers: { authorization: basic(), 'surreal-ns': 'g', 'surreal-db': 'g' } });
    try {
      const r = await c.call('query', ['RETURN [session::ns(), session::db()]; SELECT * FROM open']);
      assert.deepEqual(r[0].result, ['g', 'g']);
      assert.equal(r[1].result.length, 1);
      const token = await c.call('signin', [{ user: 'root', pass: 'root' }]);
      const b = await RpcClient.connect(srv.wsUrl, { protocols: ['cbor'], headers: { authorization: `Bearer ${token}` } });
      assert.equal((await b.call('query', ['RETURN 3']))[0].result, 3);
      await b.close();
    } finally { await c.close(); }
    const bad = await rawUpgrade(srv.wsUrl, { authorization: basic('root', 'nope'), 'sec-websocket-protocol': 'cbor' });
    assert.equal(bad.status, 401);
    assert.match(bad.headers['content-type'], /^text\/plain/);
    assert.match(bad.body, /problem with authentication/);
  });
});
