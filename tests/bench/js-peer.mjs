#!/usr/bin/env node
// js-peer: the official JavaScript SDK (npm `surrealdb`, pinned in
// tests/interop/package.json) doing what conn-bench does, against the same
// server. Prints figures, asserts nothing (see docs/benchmarks.md).
//
//   node js-peer.mjs --url ws://127.0.0.1:PORT/rpc [--user root] [--pass root]
//        [--ns bench] [--db bench] [--seconds 5] [--warmup 1] [--inflight 64]
//        [--bulk 10000] [--batch 1000] [--query "RETURN 1"] [--output rows|none] [--table T] (bulk)
//        [--phases seq,inflight,bulk]
//
// Phases on one Surreal instance (one WebSocket): seq (await one query after
// another), inflight (N async loops sharing the connection), bulk (N records,
// one `insert` per --batch of them). Client CPU per request is process.cpuUsage()
// user+system over the measured window divided by the requests completed.
// Output: `js.<phase>.<figure> <value>` lines, as conn-bench's `c.` lines.
import { remoteSurreal, Table, websocketName } from '../interop/sdk.mjs';
import { readFileSync } from 'node:fs';

const o = { url: null, user: 'root', pass: 'root', ns: 'bench', db: 'bench', seconds: 5,
            warmup: 1, inflight: 64, bulk: 10000, batch: 1000, query: 'RETURN 1',
            output: 'rows', table: 'bench_bulk_js',
            phases: 'seq,inflight,bulk' };
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i += 2) {
  const k = argv[i].replace(/^--/, ''), v = argv[i + 1];
  if (!(k in o) || v === undefined) {
    console.error('usage: js-peer.mjs --url ws://HOST:PORT/rpc [--seconds S] [--inflight N] [--bulk N] [--query SQL] ...');
    process.exit(2);
  }
  o[k] = ['seconds', 'warmup', 'inflight', 'bulk', 'batch'].includes(k) ? Number(v) : v;
}
if (!o.url) { console.error('js-peer: --url is required'); process.exit(2); }

const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1e6; };
const now = () => performance.now() / 1e3;
const sleep = (s) => new Promise((r) => setTimeout(r, s * 1e3));
const out = (k, v) => console.log(`js.${k} ${v}`);
const sdkVersion = JSON.parse(readFileSync(new URL('../interop/node_modules/surrealdb/package.json', import.meta.url))).version;

const db = remoteSurreal();
await db.connect(o.url, {
  namespace: o.ns, database: o.db, reconnect: false,
  authentication: { username: o.user, password: o.pass },
});
out('sdk', `surrealdb@${sdkVersion} (${websocketName}, node ${process.versions.node})`);
out('server', (await db.version()).version);

const phases = new Set(o.phases.split(','));

// sequential
if (phases.has('seq')) {
  for (const end = now() + o.warmup; now() < end;) await db.query(o.query);
  let n = 0;
  const c0 = cpu(), t0 = now();
  let t;
  do {
    for (let i = 0; i < 32; i++, n++) await db.query(o.query);
  } while ((t = now()) - t0 < o.seconds);
  const c = cpu() - c0;
  out('seq.rps', (n / (t - t0)).toFixed(1));
  out('seq.latency_us', ((t - t0) / n * 1e6).toFixed(1));
  out('seq.cpu_us', (c / n * 1e6).toFixed(2));
  out('seq.requests', n);
}

// many requests in flight on the one connection
if (o.inflight > 0 && phases.has('inflight')) {
  let stop = false, done = 0;
  const loop = async () => { while (!stop) { await db.query(o.query); done++; } };
  const workers = Array.from({ length: o.inflight }, loop);
  await sleep(o.warmup);
  const n0 = done, c0 = cpu(), t0 = now();
  await sleep(o.seconds);
  const n1 = done, c1 = cpu(), t1 = now();
  stop = true;
  await Promise.all(workers);
  const n = n1 - n0;
  out('inflight.rps', (n / (t1 - t0)).toFixed(1));
  out('inflight.cpu_us', (n ? (c1 - c0) / n * 1e6 : 0).toFixed(2));
  out('inflight.requests', n);
}

// bulk insert
if (o.bulk > 0 && phases.has('bulk')) {
  const batches = [];
  for (let first = 0; first < o.bulk; first += o.batch) {
    batches.push(Array.from({ length: Math.min(o.batch, o.bulk - first) }, (_, j) => {
      const i = first + j;
      return { n: i, name: `user ${i}`, score: i * 0.5, active: i % 2 === 0, tags: ['a', 'b'] };
    }));
  }
  // --output none: the SDK's insert(...).output('none') (RETURN NONE); the
  // rows are then counted in the table
  const quiet = o.output === 'none';
  const table = new Table(o.table);
  let got = 0;
  const c0 = cpu(), t0 = now();
  for (const rows of batches) {
    const res = quiet ? await db.insert(table, rows).output('none') : await db.insert(table, rows);
    got += Array.isArray(res) ? res.length : 0;
  }
  const t1 = now(), c1 = cpu();
  if (quiet) {
    const [n] = await db.query(`RETURN count((SELECT id FROM type::table($t)))`, { t: o.table });
    got = Number(n);
  }
  if (got !== o.bulk) {
    console.error(`js-peer: bulk insert ${quiet ? 'left' : 'returned'} ${got} records, expected ${o.bulk}`);
    process.exit(1);
  }
  out('bulk.seconds', (t1 - t0).toFixed(3));
  out('bulk.records_per_s', (o.bulk / (t1 - t0)).toFixed(0));
  out('bulk.cpu_ms', ((c1 - c0) * 1e3).toFixed(1));
}
await db.close();
