// server.session.isolation: connections never share session state.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, RpcClient, rootClient, Tagged, ENGINE } from './helper.js';

const V3 = ENGINE === 'v3';
const uuidTag = (s) => new Tagged(37, Buffer.from(s.replace(/-/g, ''), 'hex'));

describe(`session isolation (${ENGINE})`, () => {
  let srv;
  before(async () => { srv = await startServer(); });
  after(async () => { await srv?.stop(); });

  it('keeps namespace, database, variables and auth per connection', async () => {
    const a = await rootClient(srv, { ns: 'na', db: 'da' });
    const b = await rootClient(srv, { ns: 'nb', db: 'db' });
    const guest = await RpcClient.connect(srv.wsUrl, { protocols: ['cbor'] });
    try {
      await a.call('query', ["CREATE rec:1 SET who = 'a'"]);
      await a.call('let', ['who', 'alice']);
      assert.deepEqual((await b.call('query', ['DEFINE TABLE rec; SELECT * FROM rec']))[1].result, []);
      const sb = await b.call('query', ['RETURN [session::ns(), session::db(), $who]']);
      assert.deepEqual(sb[0].result, ['nb', 'db', { $none: true }]);
      const sa = await a.call('query', ['RETURN [session::ns(), session::db(), $who]']);
      assert.deepEqual(sa[0].result, ['na', 'da', 'alice']);
      assert.ok((await guest.request('query', ['RETURN 1'])).msg.error, 'a guest connection does not inherit a sign-in');
      await b.call('unset', ['who']);
      assert.equal((await a.call('query', ['RETURN $who']))[0].result, 'alice');
    } finally { await a.close(); await b.close(); await guest.close(); }
  });

  it('keeps state apart under interleaved concurrent traffic', async () => {
    const clients = await Promise.all([0, 1, 2].map((i) => rootClient(srv, { ns: `cn${i}`, db: `cd${i}` })));
    try {
      await Promise.all(clients.map((c, i) => c.call('let', ['me', i])));
      // Define the table up front: concurrent implicit table creation may conflict (real engine behaviour).
      for (const c of clients) await c.call('query', ['DEFINE TABLE item']);
      const work = [];
      for (let n = 0; n < 10; n++) {
        clients.forEach((c, i) => work.push(c.call('query', [`CREATE item SET n = ${n}, me = $me; RETURN session::ns()`]).then((r) => {
          assert.equal(r[1].result, `cn${i}`);
          assert.equal(r[0].result?.[0]?.me, i, JSON.stringify(r[0]));
        })));
      }
      await Promise.all(work);
      for (const [i, c] of clients.entries()) {
        const rows = (await c.call('query', ['SELECT * FROM item']))[0].result;
        assert.equal(rows.length, 10, `connection ${i}`);
        assert.ok(rows.every((r) => r.me === i));
      }
    } finally { await Promise.all(clients.map((c) => c.close())); }
  });

  it('namespaces client-attached sessions per connection (v3; v2 has none)', async () => {
    const a = await rootClient(srv, { ns: 'sa', db: 'sa' });
    const b = await rootClient(srv, { ns: 'sb', db: 'sb' });
    try {
      const S = '0190a3b4-0000-7000-8000-0000000000c1';
      if (!V3) {
        assert.equal((await a.request('attach', [], { session: uuidTag(S) })).msg.error.code, -32601);
        return;
      }
      const att = await a.request('attach', [], { session: uuidTag(S) });
      assert.deepEqual(att.msg, { id: att.msg.id, result: { $none: true }, session: { $uuid: S } });
      // The new session starts anonymous and empty.
      assert.ok((await a.request('query', ['RETURN 1'], { session: uuidTag(S) })).msg.error);
      await a.call('signin', [{ user: 'root', pass: 'root' }], { session: uuidTag(S) });
      await a.call('use', ['s1', 's1'], { session: uuidTag(S) });
      const q = await a.request('query', ['RETURN session::ns()'], { session: uuidTag(S) });
      assert.equal(q.msg.result[0].result, 's1');
      assert.deepEqual(q.msg.session, { $uuid: S });
      assert.equal((await a.call('query', ['RETURN session::ns()']))[0].result, 'sa', 'default session untouched');
      assert.deepEqual(await a.call('sessions'), [{ $uuid: S }]);

      // Another connection cannot see or use it, and may attach the same id for itself.
      const foreign = await b.request('query', ['RETURN 1'], { session: uuidTag(S) });
      assert.match(foreign.msg.error.message, new RegExp(`Session not found: ${S}`));
      assert.deepEqual(await b.call('sessions'), []);
      await b.call('attach', [], { session: uuidTag(S) });
      const dup = await a.request('attach', [], { session: uuidTag(S) });
      assert.match(dup.msg.error.message, /Session already exists/);
      assert.ok((await b.request('query', ['RETURN 1'], { session: uuidTag(S) })).msg.error, "b's S is its own, anonymous session");

      await a.call('detach', [], { session: uuidTag(S) });
      assert.deepEqual(await a.call('sessions'), []);
      assert.match((await a.request('query', ['RETURN 1'], { session: uuidTag(S) })).msg.error.message, /Session not found/);
      // A malformed session id is an invalid request.
      a.sendRaw((await import('../lib/cbor.js')).encode({ id: 'bad', method: 'ping', session: 'not-a-uuid' }));
      const inv = await a.waitFor((e) => e.msg.id === undefined && e.msg.error);
      assert.equal(inv.msg.error.code, -32600);
    } finally { await a.close(); await b.close(); }
  });
});
