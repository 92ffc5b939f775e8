// server.http.endpoints: /health /status /version /signin, the ready line, the CLI.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import net from 'node:net';
import { startServer, SERVER, ENGINE, RpcClient } from './helper.js';

const V3 = ENGINE === 'v3';

describe(`HTTP endpoints and CLI (${ENGINE})`, () => {
  let srv;
  before(async () => { srv = await startServer(); });
  after(async () => { await srv?.stop(); });

  it('prints exactly one ready line with the engine version', () => {
    const re = new RegExp(`^surreal-dev ready http://127\\.0\\.0\\.1:\\d+ engine=${ENGINE} version=surrealdb-${V3 ? 3 : 2}\\.\\d+\\.\\d+\\S*\\n$`);
    assert.match(srv.stdout(), re);
    assert.equal(srv.engine, ENGINE);
  });

  it('serves /health, /status and /version', async () => {
    for (const p of ['/health', '/status']) {
      const r = await fetch(srv.url + p);
      assert.equal(r.status, 200, p);
      assert.equal(await r.text(), '');
      assert.equal(r.headers.get('server'), 'SurrealDB');
    }
    const v = await fetch(`${srv.url}/version`);
    assert.equal(v.status, 200);
    assert.match(v.headers.get('content-type'), /^text\/plain/);
    assert.equal(await v.text(), srv.version);
    const semver = srv.version.replace('surrealdb-', '');
    assert.equal(v.headers.get('surreal-version'), V3 ? `surrealdb/${semver}` : `surrealdb-${semver}`);
    const c = await RpcClient.connect(srv.wsUrl, { protocols: ['json'] });
    assert.equal(await c.call('version'), srv.version, '/version must match the engine version RPC');
    await c.close();
    assert.equal((await fetch(`${srv.url}/nope`)).status, 404);
  });

  it('serves POST /signin by Accept', async () => {
    const post = (body, accept) => fetch(`${srv.url}/signin`, { method: 'POST', headers: accept ? { accept } : {}, body });
    const j = await post('{"user":"root","pass":"root"}', 'application/json');
    assert.equal(j.status, 200);
    const body = await j.json();
    assert.equal(body.code, 200);
    assert.equal(body.details, 'Authentication succeeded');
    assert.match(body.token, /^ey/);
    if (!V3) assert.equal(body.refresh, null);
    const t = await post('{"user":"root","pass":"root"}', 'text/plain');
    assert.match(await t.text(), /^ey[\w-]+\.[\w-]+\.[\w-]+$/);
    const none = await post('{"user":"root","pass":"root"}');
    assert.equal(none.status, 200);
    assert.equal(await none.text(), '');
    const bad = await post('{"user":"root","pass":"bad"}', 'application/json');
    assert.equal(bad.status, 401);
  });

  it('fails loudly when the port is taken', async () => {
    const blocker = net.createServer();
    await new Promise((r) => blocker.listen(0, '127.0.0.1', r));
    const { port } = blocker.address();
    try {
      const r = spawnSync(process.execPath, [SERVER, '--bind', `127.0.0.1:${port}`, '--engine', ENGINE], { encoding: 'utf-8', timeout: 30000 });
      assert.notEqual(r.status, 0);
      assert.equal(r.stdout, '');
      assert.match(r.stderr, /address already in use/);
    } finally { blocker.close(); }
  });

  it('rejects bad arguments and prints --help', () => {
    const bad = spawnSync(process.execPath, [SERVER, '--engine', 'v9'], { encoding: 'utf-8', timeout: 10000 });
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /--engine expects v3 or v2/);
    const help = spawnSync(process.execPath, [SERVER, '--help'], { encoding: 'utf-8', timeout: 10000 });
    assert.equal(help.status, 0);
    assert.match(help.stdout, /--storage memory\|surrealkv:PATH/);
    assert.match(help.stdout, /--tls-cert PATH --tls-key PATH/);
    const half = spawnSync(process.execPath, [SERVER, '--tls-cert', 'c.pem'], { encoding: 'utf-8', timeout: 10000 });
    assert.equal(half.status, 2);
    assert.match(half.stderr, /--tls-cert and --tls-key go together/);
  });

  it('exits 0 on SIGINT and SIGTERM', async () => {
    for (const sig of ['SIGINT', 'SIGTERM']) {
      const s = await startServer({ args: ['--log-level', 'quiet'] });
      const c = await RpcClient.connect(s.wsUrl, { protocols: ['cbor'] }); // an open socket must not block shutdown
      const r = await s.stop(sig);
      assert.deepEqual(r, { code: 0, signal: null }, `${sig}: ${s.stderr()}`);
      assert.equal(s.stderr(), '', '--log-level quiet prints nothing');
      await c.close();
    }
  });

  it('honours --user/--pass for the initial root user', async () => {
    const s = await startServer({ args: ['--user', 'admin', '--pass', "it's secret"] });
    try {
      const c = await RpcClient.connect(s.wsUrl, { protocols: ['json'] });
      const bad = await c.request('signin', [{ user: 'root', pass: 'root' }]);
      assert.ok(bad.msg.error);
      assert.match(await c.call('signin', [{ user: 'admin', pass: "it's secret" }]), /^ey/);
      await c.close();
    } finally { await s.stop(); }
  });
});

