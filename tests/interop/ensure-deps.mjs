#!/usr/bin/env node
// ctest fixture `interop.deps`: make sure tests/interop/node_modules matches
// package-lock.json, running `npm ci` when it does not (a fresh clone has no
// node_modules). Fails loudly when npm is unavailable or the install fails.
import { readFileSync, existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(fileURLToPath(import.meta.url));
const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf-8'));

function missing() {
  const out = [];
  for (const [path, meta] of Object.entries(lock.packages || {})) {
    if (!path || meta.optional || meta.peer) continue;
    const pj = join(root, path, 'package.json');
    if (!existsSync(pj)) { out.push(`${path} (absent)`); continue; }
    const v = JSON.parse(readFileSync(pj, 'utf-8')).version;
    if (v !== meta.version) out.push(`${path} (${v} != ${meta.version})`);
  }
  return out;
}

let bad = missing();
if (bad.length === 0) {
  console.log('JS SDK (tests/interop) dependencies are installed');
  process.exit(0);
}
console.log(`installing JS SDK (tests/interop) dependencies (npm ci): ${bad.join(', ')}`);
const npm = process.env.NPM || 'npm';
const r = spawnSync(npm, ['ci', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
if (r.error || r.status !== 0) {
  console.error(`npm ci failed in ${root} (${r.error ? r.error.message : `exit ${r.status}`}); run it by hand: cd tests/interop && npm ci`);
  process.exit(1);
}
bad = missing();
if (bad.length) {
  console.error(`still missing after npm ci: ${bad.join(', ')}`);
  process.exit(1);
}
console.log('JS SDK (tests/interop) dependencies installed');
