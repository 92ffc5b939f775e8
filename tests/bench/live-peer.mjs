#!/usr/bin/env node
// live-peer: the official JavaScript SDK doing what live-bench does (one
// subscriber connection, one writer connection creating --count records,
// --batch CREATE statements per query). Prints `js.live.<figure> <value>`.
//
//   node live-peer.mjs --url ws://127.0.0.1:PORT/rpc [--count 20000] [--batch 200]
import { remoteSurreal, Table } from '../interop/sdk.mjs';

const o = { url: null, user: 'root', pass: 'root', ns: 'bench', db: 'bench', count: 20000, batch: 200 };
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i += 2) {
  const k = argv[i].replace(/^--/, ''), v = argv[i + 1];
  if (!(k in o) || v === undefined) { console.error('usage: live-peer.mjs --url URL [--count N] [--batch N]'); process.exit(2); }
  o[k] = ['count', 'batch'].includes(k) ? Number(v) : v;
}
const now = () => performance.now() / 1e3;
const open = async () => {
  const db = remoteSurreal();
  await db.connect(o.url, { namespace: o.ns, database: o.db, reconnect: false,
                            authentication: { username: o.user, password: o.pass } });
  return db;
};
const sub = await open(), w = await open();
const table = `lbjs_${Date.now()}`;
await sub.query(`DEFINE TABLE ${table} SCHEMALESS`);
let got = 0, last = 0;
const live = await sub.live(new Table(table));
const done = new Promise((resolve) => {
  live.subscribe((m) => { if (m.action === 'CREATE') { got++; last = now(); if (got === o.count) resolve(); } });
});
const t0 = now();
for (let i = 0; i < o.count; i += o.batch) {
  let q = '';
  for (let j = i; j < i + o.batch && j < o.count; j++) q += `CREATE ${table} SET n = ${j};`;
  await w.query(q);
}
const tw = now();
await Promise.race([done, new Promise((r) => setTimeout(r, 60000))]);
const t1 = got > 0 ? last : now(); // the last notification received (some may never come)
console.log(`js.live.notifications ${got}`);
console.log(`js.live.write_s ${(tw - t0).toFixed(3)}`);
console.log(`js.live.total_s ${(t1 - t0).toFixed(3)}`);
console.log(`js.live.rate ${(got / (t1 - t0)).toFixed(1)}`);
await live.kill();
await sub.close();
await w.close();
process.exit(got === o.count ? 0 : 1);
