// server.storage.persist: --storage surrealkv:PATH survives a restart (v3); v2 refuses it.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { startServer, rootClient, tempDir, SERVER, ENGINE } from './helper.js';

describe(`persistent storage (${ENGINE})`, () => {
  it(ENGINE === 'v3' ? 'keeps data across restarts' : 'refuses surrealkv storage with a clear error', async () => {
    const dir = tempDir();
    const storage = `surrealkv:${join(dir.path, 'db')}`;
    try {
      if (ENGINE !== 'v3') {
        const r = spawnSync(process.execPath, [SERVER, '--bind', '127.0.0.1:0', '--engine', ENGINE, '--storage', storage], { encoding: 'utf-8', timeout: 30000 });
        assert.notEqual(r.status, 0);
        assert.equal(r.stdout, '');
        assert.match(r.stderr, /surrealkv is not supported with --engine v2/);
        return;
      }
      const first = await startServer({ args: ['--storage', storage] });
      try {
        const c = await rootClient(first, { ns: 'p', db: 'p' });
        await c.call('query', ["CREATE keep:1 SET v = 'survives'; DEFINE USER extra ON ROOT PASSWORD 'x' ROLES VIEWER"]);
        await c.close();
      } finally {
        assert.deepEqual(await first.stop(), { code: 0, signal: null });
      }
      const second = await startServer({ args: ['--storage', storage] });
      try {
        assert.match(second.stderr(), /root users already exist/);
        const c = await rootClient(second, { ns: 'p', db: 'p' });
        assert.deepEqual(await c.call('select', ['keep']), [{ id: { $tag8: ['keep', 1] }, v: 'survives' }]);
        await c.close();
      } finally {
        assert.deepEqual(await second.stop(), { code: 0, signal: null });
      }
    } finally { dir.remove(); }
  });
});
