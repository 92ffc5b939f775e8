#!/usr/bin/env node
// inprocess: the embedded SurrealDB 3.x engine's own rate for the benchmark
// query, without any network: the ceiling conn-bench is compared with
// (docs/benchmarks.md). Prints figures, asserts nothing.
//
//   node inprocess.mjs [--seconds 5] [--warmup 1] [--inflight 64] [--query "RETURN 1"]
//   node inprocess.mjs --bulk 100000 [--batch 250] [--output rows|none] [--bulk-in-flight 1]
//
// With --bulk: only the bulk-insert ceiling (run-bulk-bench.sh): the native
// engine alone runs `INSERT INTO table $rows` (`RETURN NONE` with --output
// none) for each --batch of the rows bulk-bench and js-peer.mjs insert, the
// requests encoded before the clock starts, --bulk-in-flight at a time (a
// chunk refused with a transaction conflict is sent again, as insert_many
// does). Output:
// `inproc.bulk.<rows|none>.records_per_s` and `.seconds`.
//
// Two measurements, both on a `mem://` datastore in this process:
//   sdk  the JS SDK's Surreal with createNodeEngines() from @surrealdb/node
//        (SurrealNodeEngine behind the SDK: its CBOR encode/decode included);
//   raw  the native SurrealNodeEngine alone: one CBOR request encoded once,
//        execute(bytes) in a loop, the response bytes not decoded.
// Each: seq (await one after another) and inflight (N concurrent loops).
// Output: `inproc.<sdk|raw>.<phase>.rps <value>` lines.
import { Surreal, CborCodec } from '../interop/sdk.mjs';
import { createNodeEngines, nativeEngine } from '../interop/node-engine.mjs';

const o = { seconds: 5, warmup: 1, inflight: 64, query: 'RETURN 1', ns: 'bench', db: 'bench',
            bulk: 0, batch: 250, output: 'rows', 'bulk-in-flight': 1 };
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i += 2) {
  const k = argv[i].replace(/^--/, ''), v = argv[i + 1];
  if (!(k in o) || v === undefined) {
    console.error('usage: inprocess.mjs [--seconds S] [--warmup S] [--inflight N] [--query SQL] | --bulk N [--batch N] [--output rows|none]');
    process.exit(2);
  }
  o[k] = ['seconds', 'warmup', 'inflight', 'bulk', 'batch', 'bulk-in-flight'].includes(k) ? Number(v) : v;
}
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1e6; };
const now = () => performance.now() / 1e3;
const sleep = (s) => new Promise((r) => setTimeout(r, s * 1e3));
const out = (k, v) => console.log(`inproc.${k} ${v}`);

async function measure(prefix, call) {
  for (const end = now() + o.warmup; now() < end;) await call();
  let n = 0, t;
  let c0 = cpu(), t0 = now();
  do {
    for (let i = 0; i < 32; i++, n++) await call();
  } while ((t = now()) - t0 < o.seconds);
  out(`${prefix}.seq.rps`, (n / (t - t0)).toFixed(1));
  out(`${prefix}.seq.cpu_us`, ((cpu() - c0) / n * 1e6).toFixed(2));
  if (o.inflight > 0) {
    let stop = false, done = 0;
    const loop = async () => { while (!stop) { await call(); done++; } };
    const workers = Array.from({ length: o.inflight }, loop);
    await sleep(o.warmup);
    const n0 = done;
    c0 = cpu(); t0 = now();
    await sleep(o.seconds);
    const n1 = done, c1 = cpu(), t1 = now();
    stop = true;
    await Promise.all(workers);
    out(`${prefix}.inflight.rps`, ((n1 - n0) / (t1 - t0)).toFixed(1));
    out(`${prefix}.inflight.cpu_us`, (n1 > n0 ? (c1 - c0) / (n1 - n0) * 1e6 : 0).toFixed(2));
  }
}

// the bulk-insert ceiling (run-bulk-bench.sh)
if (o.bulk > 0) {
  const engine = await nativeEngine('mem://');
  const codec = new CborCodec({});
  const check = (bytes) => {
    const r = codec.decode(bytes);
    if (!r || r.error) throw new Error(`engine error: ${JSON.stringify(r && r.error)}`);
    // the engine answers with the method's result itself (no id/result wrapper)
    const last = Array.isArray(r) ? r[r.length - 1] : null;
    if (last && last.status === 'ERR') throw new Error(`statement error: ${last.result}`);
    return r;
  };
  check(await engine.execute(codec.encode({ id: 0, method: 'use', params: [o.ns, o.db] })));
  const sql = `INSERT INTO bulk_inproc $rows${o.output === 'none' ? ' RETURN NONE' : ''}`;
  const reqs = [];
  for (let first = 0; first < o.bulk; first += o.batch) {
    const rows = Array.from({ length: Math.min(o.batch, o.bulk - first) }, (_, j) => {
      const i = first + j;
      return { n: i, name: `user ${i}`, score: i * 0.5, active: i % 2 === 0, tags: ['a', 'b'] };
    });
    reqs.push(codec.encode({ id: reqs.length + 1, method: 'query', params: [sql, { rows }] }));
  }
  let next = 0;
  const worker = async () => {
    while (next < reqs.length) {
      const req = reqs[next++];
      for (let attempt = 1; ; attempt++) {
        try {
          check(await engine.execute(req));
          break;
        } catch (e) {
          if (attempt >= 8 || !/conflict/i.test(String(e.message))) throw e;
          await sleep(0.005 * 2 ** attempt);
        }
      }
    }
  };
  const t0 = now();
  await Promise.all(Array.from({ length: Math.max(1, o['bulk-in-flight']) }, worker));
  const t1 = now();
  const countReq = codec.encode({ id: 0, method: 'query',
    params: ['RETURN count((SELECT id FROM bulk_inproc))'] });
  const counted = Number(check(await engine.execute(countReq))[0].result);
  if (counted !== o.bulk) throw new Error(`bulk: ${counted} records, expected ${o.bulk}`);
  out(`bulk.${o.output}.seconds`, (t1 - t0).toFixed(3));
  out(`bulk.${o.output}.records_per_s`, (o.bulk / (t1 - t0)).toFixed(0));
  engine.free();
  process.exit(0);
}

// through the SDK
{
  const db = new Surreal({ engines: createNodeEngines() });
  await db.connect('mem://');
  await db.use({ namespace: o.ns, database: o.db });
  out('server', (await db.version()).version);
  await measure('sdk', () => db.query(o.query));
  await db.close();
}

// the native engine alone
{
  const engine = await nativeEngine('mem://');
  const codec = new CborCodec({});
  const check = (bytes) => {
    const r = codec.decode(bytes);
    if (!r || r.error) throw new Error(`engine error: ${JSON.stringify(r && r.error)}`);
    return r;
  };
  check(await engine.execute(codec.encode({ id: 0, method: 'use', params: [o.ns, o.db] })));
  const req = codec.encode({ id: 1, method: 'query', params: [o.query] });
  check(await engine.execute(req));
  await measure('raw', () => engine.execute(req));
  engine.free();
}
