// server.rpc.cbor: WebSocket RPC with the `cbor` subprotocol.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, RpcClient, rootClient, encode, Tagged, ENGINE, sleep, isFn,
} from './helper.js';
import { decodeMapSpans } from '../lib/cbor.js';

const V3 = ENGINE === 'v3';
const uuidTag = (s) => new Tagged(37, Buffer.from(s.replace(/-/g, ''), 'hex'));

describe(`rpc over cbor (${ENGINE})`, () => {
  let srv;
  before(async () => { srv = await startServer(); });
  after(async () => { await srv?.stop(); });

  it('negotiates cbor and answers with binary frames, sorted keys, echoed ids', async () => {
    const c = await RpcClient.connect(srv.wsUrl, { protocols: ['cbor'] });
    try {
      assert.equal(c.upgrade.headers['sec-websocket-protocol'], 'cbor');
      const r = await c.request('version', [], { id: 'v1' });
      assert.equal(r.frame, 'binary');
      assert.deepEqual(r.msg, { id: 'v1', result: srv.version });
      assert.deepEqual([...decodeMapSpans(r.raw).keys()], ['id', 'result']);

      const num = await c.request('ping', [], { id: 42 });
      assert.deepEqual(num.msg, { id: 42, result: { $none: true } });

      const uid = '0190a3b4-0000-7000-8000-0000000000ff';
      const u = await c.request('ping', [], { id: uuidTag(uid) });
      assert.deepEqual(u.msg.id, { $uuid: uid });

      // A request without id gets a response without id.
      c.sendRaw(encode({ method: 'version', params: [] }));
      const noId = await c.waitFor((e) => e.msg.id === undefined && e.msg.result === srv.version);
      assert.deepEqual(Object.keys(noId.msg), ['result']);
    } finally { await c.close(); }
  });

  it('round-trips typed values and record ids (tag 8)', async () => {
    const c = await rootClient(srv, { ns: 'cb', db: 'cb' });
    try {
      const use = await c.call('use', ['cb', 'cb']);
      if (V3) assert.deepEqual(use, { database: 'cb', namespace: 'cb' });
      else assert.deepEqual(use, { $none: true });

      const res = await c.call('query', [
        "CREATE person:1 SET name = 'Ann', born = d'2020-01-02T03:04:05Z', d = 1h30m, n = 1.25dec, f = 1.5; SELECT * FROM person",
      ]);
      assert.equal(res.length, 2);
      for (const st of res) {
        assert.equal(st.status, 'OK');
        assert.equal(typeof st.time, 'string');
        if (V3) assert.deepEqual(st.type, { $none: true });
        else assert.equal('type' in st, false);
      }
      const row = res[1].result[0];
      assert.deepEqual(row.id, { $tag8: ['person', 1] });
      assert.deepEqual(row.born, { $tag12: [1577934245, 0] });
      assert.deepEqual(row.d, { $tag14: [5400] });
      assert.deepEqual(row.n, { $tag10: '1.25' });
      assert.equal(row.f, 1.5);

      const rid = new Tagged(8, ['person', 1]);
      const sel = await c.call('select', [rid]);
      assert.equal(sel.name, 'Ann');
      const back = await c.call('query', ['RETURN $r', { r: rid }]);
      assert.deepEqual(back[0].result, { $tag8: ['person', 1] });
      // A plain CBOR text "person:1" is a table name for CRUD methods, never reparsed.
      const str = await c.call('query', [`RETURN ${isFn('string')}($s)`, { s: 'person:1' }]);
      assert.equal(str[0].result, true);
    } finally { await c.close(); }
  });

  it('answers undecodable and malformed frames with id-less errors', async () => {
    const c = await RpcClient.connect(srv.wsUrl, { protocols: ['cbor'] });
    try {
      const orphan = () => c.waitFor((e) => e.msg.id === undefined && e.msg.error && !e.seen, 5000, 'id-less error');
      const take = async () => { const e = await orphan(); e.seen = true; return e.msg; };

      c.sendRaw(Buffer.from([0xff, 0x00, 0x13]));
      let m = await take();
      assert.equal(m.error.code, -32700);
      assert.deepEqual(Object.keys(m), ['error']);

      c.sendRaw(encode([1, 2, 3]));
      m = await take();
      assert.equal(m.error.code, -32600);

      c.sendRaw(encode({ id: 7, method: 5 }));
      m = await take();
      assert.equal(m.error.code, -32600);

      c.sendRaw(encode({ id: [1, 2], method: 'ping' }));
      m = await take();
      assert.equal(m.error.code, -32600);
      if (V3) assert.equal(m.error.kind, 'Validation');

      const nf = await c.request('no_such_method', [], { id: 'nf' });
      assert.equal(nf.msg.id, 'nf');
      assert.equal(nf.msg.error.code, -32601);
      assert.equal(nf.msg.error.message, 'Method not found');
      if (V3) {
        assert.equal(nf.msg.error.kind, 'NotFound');
        assert.deepEqual(nf.msg.error.details, { kind: 'Method', details: { name: 'unknown' } });
      }
      const bad = await c.request('version', [1], { id: 'bp' });
      assert.equal(bad.msg.error.code, V3 ? -32603 : -32602);
    } finally { await c.close(); }
  });

  it('processes requests concurrently and answers every id', async () => {
    const c = await rootClient(srv);
    try {
      const ids = Array.from({ length: 25 }, (_, i) => `c${i}`);
      for (const id of ids) c.sendRaw(encode({ id, method: 'query', params: [`RETURN ${id.slice(1)}`] }));
      const got = await Promise.all(ids.map((id) => c.waitFor((e) => e.msg.id === id)));
      got.forEach((e, i) => assert.equal(e.msg.result[0].result, i));
    } finally { await c.close(); }
  });

  it('sends a WebSocket ping every 5 seconds', async () => {
    const c = await RpcClient.connect(srv.wsUrl, { protocols: ['cbor'] });
    try {
      const t0 = Date.now();
      while (c.pings === 0 && Date.now() - t0 < 7000) await sleep(100);
      assert.ok(c.pings >= 1, 'no ping received within 7 s');
    } finally { await c.close(); }
  });

  it('transactions with begin/txn/commit/cancel (v3) or method not found (v2)', async () => {
    const c = await rootClient(srv, { ns: 'tx', db: 'tx' });
    const other = await rootClient(srv, { ns: 'tx', db: 'tx' });
    try {
      if (!V3) {
        const r = await c.request('begin');
        assert.equal(r.msg.error.code, -32601);
        return;
      }
      await c.call('query', ['DEFINE TABLE item']);
      const t1 = await c.call('begin');
      assert.ok(t1.$uuid);
      const txn = uuidTag(t1.$uuid);
      await c.call('query', ['CREATE item:1 SET v = 1'], { txn });
      assert.deepEqual((await other.call('query', ['SELECT * FROM item']))[0].result, []);
      // Another connection cannot use this connection's transaction.
      const foreign = await other.request('query', ['SELECT * FROM item'], { txn });
      assert.equal(foreign.msg.error.message, 'Transaction not found');
      assert.equal(await c.call('commit', [txn]).then((r) => JSON.stringify(r)), JSON.stringify({ $none: true }));
      assert.equal((await other.call('query', ['SELECT * FROM item']))[0].result.length, 1);

      const t2 = uuidTag((await c.call('begin')).$uuid);
      await c.call('query', ['CREATE item:2 SET v = 2'], { txn: t2 });
      await c.call('cancel', [t2]);
      assert.equal((await other.call('query', ['SELECT * FROM item']))[0].result.length, 1);
      const gone = await c.request('commit', [t2]);
      assert.equal(gone.msg.error.code, -32603);
    } finally { await c.close(); await other.close(); }
  });
});
