// server.rpc.json: WebSocket RPC with the `json` subprotocol (and the JSON fallback).
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, RpcClient, ENGINE, isFn, rawUpgrade } from './helper.js';

const V3 = ENGINE === 'v3';

async function jsonRoot(srv, opts = {}) {
  const c = await RpcClient.connect(srv.wsUrl, { protocols: ['json'], ...opts });
  await c.call('signin', [{ user: 'root', pass: 'root' }]);
  await c.call('use', ['js', 'js']);
  return c;
}

describe(`rpc over json (${ENGINE})`, () => {
  let srv;
  before(async () => { srv = await startServer(); });
  after(async () => { await srv?.stop(); });

  it('negotiates json: text frames, sorted keys', async () => {
    const c = await RpcClient.connect(srv.wsUrl, { protocols: ['json'] });
    try {
      assert.equal(c.upgrade.headers['sec-websocket-protocol'], 'json');
      const r = await c.request('version', [], { id: 1 });
      assert.equal(r.frame, 'text');
      assert.equal(Buffer.from(r.raw).toString(), `{"id":1,"result":"${srv.version}"}`);
      const p = await c.request('ping', [], { id: 'p' });
      assert.equal(Buffer.from(p.raw).toString(), '{"id":"p","result":null}');
    } finally { await c.close(); }
  });

  it('picks the first known offered protocol; falls back to json without a header', async () => {
    for (const [offer, expect] of [[['json', 'cbor'], 'json'], [['cbor', 'json'], 'cbor'], [['msgpack', 'cbor'], 'cbor']]) {
      const c = await RpcClient.connect(srv.wsUrl, { protocols: offer });
      assert.equal(c.upgrade.headers['sec-websocket-protocol'], expect, `offer ${offer}`);
      await c.close();
    }
    const c = await RpcClient.connect(srv.wsUrl, { protocols: null });
    try {
      assert.equal(c.upgrade.headers['sec-websocket-protocol'], undefined);
      const r = await c.request('version', [], { id: 5 });
      assert.equal(r.frame, 'text');
      assert.deepEqual(r.msg, { id: 5, result: srv.version });
    } finally { await c.close(); }
    // Only unknown protocols offered: 101 without a protocol header (=> JSON).
    const raw = await rawUpgrade(srv.wsUrl, { 'Sec-WebSocket-Protocol': 'msgpack, flatbuffers' });
    assert.equal(raw.status, 101);
    assert.equal(raw.headers['sec-websocket-protocol'], undefined);
    assert.equal(raw.headers.server, 'SurrealDB');
  });

  it('reinterprets legacy strands in params (record id, datetime, uuid)', async () => {
    const c = await jsonRoot(srv);
    try {
      const q = `RETURN [${isFn('record')}($r), ${isFn('datetime')}($d), ${isFn('uuid')}($u), ${isFn('string')}($s), ${isFn('string')}($url), ${isFn('float')}($f), ${isFn('int')}($i)]`;
      const res = await c.call('query', [q, {
        r: 'person:tobie', d: '2024-01-02T03:04:05.5Z', u: '0190a3b4-0000-7000-8000-000000000001', s: 'hello', url: 'http://x.y/z', f: 1.0, i: 1,
      }]);
      assert.deepEqual(res[0].result, [true, true, true, true, true, false, true]); // JSON.stringify(1.0) is "1"
      // Number literals keep their float-ness: 1.0 is a float, 1 an int.
      c.sendRaw(`{"id":"fl","method":"query","params":["RETURN [${isFn('float')}($a), ${isFn('int')}($b)]",{"a":1.0,"b":1}]}`);
      const fl = await c.waitFor((e) => e.msg.id === 'fl');
      assert.deepEqual(fl.msg.result[0].result, [true, true]);
      await c.call('query', ["CREATE person:tobie SET name = 'Tobie'"]);
      const row = await c.call('select', ['person:tobie']);
      assert.equal(row.name, 'Tobie');
      assert.equal(row.id, 'person:tobie');
    } finally { await c.close(); }
  });

  it('renders typed values as JSON text (§4.3)', async () => {
    const c = await jsonRoot(srv);
    try {
      const r = await c.request('query', [
        "RETURN [NONE, NULL, d'2024-01-02T03:04:05.123Z', 90m, 1.5dec, u'0190a3b4-0000-7000-8000-000000000001', r'person:`john doe`', person:42, 1.5, 2, 'txt']",
      ], { id: 9 });
      const text = Buffer.from(r.raw).toString();
      const m = /"result":(\[null,null,.*?\]),"status"/.exec(text);
      assert.ok(m, text);
      assert.equal(m[1], '[null,null,"2024-01-02T03:04:05.123Z","1h30m","1.5","0190a3b4-0000-7000-8000-000000000001","person:`john doe`","person:42",1.5,2,"txt"]');
      const entry = r.msg.result[0];
      if (V3) assert.deepEqual(Object.keys(entry), ['result', 'status', 'time', 'type']);
      else assert.deepEqual(Object.keys(entry), ['result', 'status', 'time']);
    } finally { await c.close(); }
  });

  it('rejects malformed frames without an id; ignores the incoming frame type', async () => {
    const c = await RpcClient.connect(srv.wsUrl, { protocols: ['json'] });
    try {
      const orphan = async () => {
        const e = await c.waitFor((x) => x.msg.id === undefined && x.msg.error && !x.seen, 5000, 'id-less error');
        e.seen = true;
        assert.equal(e.frame, 'text');
        return e.msg;
      };
      c.sendRaw('{"id": 1, "method": ');
      assert.equal((await orphan()).error.code, -32700);
      c.sendRaw('[1, 2]');
      assert.equal((await orphan()).error.code, -32600);
      // A string id that parses as a record id is an invalid request (legacy strands).
      c.sendRaw('{"id": "a:b", "method": "ping"}');
      const inv = await orphan();
      assert.equal(inv.error.code, -32600);
      assert.equal('id' in inv, false);
      // JSON in a binary frame is decoded too; the answer is still a text frame.
      c.sendRaw(Buffer.from('{"id": "bin", "method": "version"}'), { binary: true });
      const bin = await c.waitFor((x) => x.msg.id === 'bin');
      assert.equal(bin.frame, 'text');
      assert.equal(bin.msg.result, srv.version);
    } finally { await c.close(); }
  });
});
