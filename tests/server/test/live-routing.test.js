// server.live.routing: notifications reach only the connection (and session) that owns the live query.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, RpcClient, rootClient, Tagged, ENGINE, sleep } from './helper.js';

const V3 = ENGINE === 'v3';
const uuidTag = (s) => new Tagged(37, Buffer.from(s.replace(/-/g, ''), 'hex'));

describe(`live query routing (${ENGINE})`, () => {
  let srv;
  before(async () => {
    srv = await startServer();
    const c = await rootClient(srv, { ns: 'lv', db: 'lv' });
    await c.call('query', ['DEFINE TABLE feed; DEFINE TABLE other']);
    await c.close();
  });
  after(async () => { await srv?.stop(); });

  it('delivers to the owner only, as an id-less message', async () => {
    const a = await rootClient(srv, { ns: 'lv', db: 'lv' });
    const b = await rootClient(srv, { ns: 'lv', db: 'lv' });
    try {
      const lq = await a.call('live', ['feed']);
      assert.ok(lq.$uuid);
      const created = await b.call('create', ['feed', { msg: 'hi' }]);
      const n = await a.waitFor((e) => e.msg.result && e.msg.result.action === 'CREATE', 5000, 'CREATE notification');
      assert.equal(n.frame, 'binary');
      assert.deepEqual(Object.keys(n.msg), ['result']);
      const note = n.msg.result;
      assert.deepEqual(note.id, lq);
      assert.deepEqual(note.record, created.id);
      assert.equal(note.result.msg, 'hi');
      if (V3) {
        assert.deepEqual(Object.keys(note), ['action', 'id', 'record', 'result', 'session']);
        assert.deepEqual(note.session, { $none: true });
      } else assert.deepEqual(Object.keys(note), ['action', 'id', 'record', 'result']);
      await sleep(300);
      assert.equal(b.notifications().length, 0, 'the writer must not receive the owner\'s notification');

      // LIVE SELECT through `query` on b: only b hears about it.
      const [{ result: lq2 }] = await b.call('query', ['LIVE SELECT * FROM other']);
      await a.call('create', ['other', { x: 1 }]);
      await b.waitFor((e) => e.msg.result && e.msg.result.action === 'CREATE', 5000, 'notification on b');
      await sleep(300);
      assert.ok(a.notifications().every((e) => JSON.stringify(e.msg.result.id) === JSON.stringify(lq)));
      assert.deepEqual(b.notifications()[0].msg.result.id, lq2);

      // After kill, no more CREATE notifications for that query.
      await a.call('kill', [uuidTag(lq.$uuid)]);
      if (V3) {
        const k = await a.waitFor((e) => e.msg.result && e.msg.result.action === 'KILLED', 5000, 'KILLED notification');
        assert.deepEqual(k.msg.result, { action: 'KILLED', id: lq, record: { $none: true }, result: { $none: true }, session: { $none: true } });
      }
      const before = a.notifications().filter((e) => e.msg.result.action === 'CREATE').length;
      await b.call('create', ['feed', { msg: 'after kill' }]);
      await sleep(400);
      assert.equal(a.notifications().filter((e) => e.msg.result.action === 'CREATE').length, before);
    } finally { await a.close(); await b.close(); }
  });

  it('drops a closed connection\'s live queries and keeps serving the others', async () => {
    const a = await rootClient(srv, { ns: 'lv', db: 'lv' });
    const b = await rootClient(srv, { ns: 'lv', db: 'lv' });
    const w = await rootClient(srv, { ns: 'lv', db: 'lv', protocols: ['json'] });
    try {
      await a.call('live', ['feed']);
      const lqb = await b.call('live', ['feed']);
      await a.close();
      await sleep(200);
      await w.call('create', ['feed', { msg: 'x' }]);
      const n = await b.waitFor((e) => e.msg.result && e.msg.result.action === 'CREATE', 5000, 'notification on b');
      assert.deepEqual(n.msg.result.id, lqb);
      assert.equal(w.notifications().length, 0);
    } finally { await b.close(); await w.close(); }
  });

  it('renders notifications as JSON text frames for json connections', async () => {
    const a = await rootClient(srv, { ns: 'lv', db: 'lv', protocols: ['json'] });
    try {
      const lq = await a.call('live', ['feed']);
      await a.call('query', ["CREATE feed:json SET msg = 'j'"]);
      const n = await a.waitFor((e) => e.msg.result && e.msg.result.action === 'CREATE', 5000, 'json notification');
      assert.equal(n.frame, 'text');
      assert.equal(n.msg.result.id, lq);
      assert.equal(n.msg.result.record, 'feed:json');
      assert.deepEqual(n.msg.result.result, { id: 'feed:json', msg: 'j' });
    } finally { await a.close(); }
  });

  it('routes notifications of client-attached sessions with their session id (v3)', async () => {
    const a = await rootClient(srv, { ns: 'lv', db: 'lv' });
    try {
      const S = '0190a3b4-0000-7000-8000-0000000000d1';
      if (!V3) {
        assert.equal((await a.request('attach', [], { session: uuidTag(S) })).msg.error.code, -32601);
        return;
      }
      await a.call('attach', [], { session: uuidTag(S) });
      await a.call('signin', [{ user: 'root', pass: 'root' }], { session: uuidTag(S) });
      await a.call('use', ['lv', 'lv'], { session: uuidTag(S) });
      const lq = await a.call('live', ['other'], { session: uuidTag(S) });
      await a.call('create', ['other', { s: 1 }]);
      const n = await a.waitFor((e) => e.msg.result && e.msg.result.action === 'CREATE', 5000, 'session notification');
      assert.deepEqual(n.msg.session, { $uuid: S });
      assert.deepEqual(n.msg.result.session, { $uuid: S });
      assert.deepEqual(n.msg.result.id, lq);
      // detach drops the session's live queries
      await a.call('detach', [], { session: uuidTag(S) });
      const count = a.notifications().length;
      await a.call('create', ['other', { s: 2 }]);
      await sleep(400);
      assert.equal(a.notifications().length, count);
    } finally { await a.close(); }
  });
});
