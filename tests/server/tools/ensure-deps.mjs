#!/usr/bin/env node
// ctest fixtures `server.deps` and `interop.deps`: make sure a package's
// node_modules matches its package-lock.json, running `npm ci` when it does not
// (a fresh clone has no node_modules). Fails loudly when npm is unavailable or
// the install fails.
//
//   node ensure-deps.mjs [PACKAGE_DIR [LABEL]]
//
// PACKAGE_DIR defaults to tests/server (this script's parent), LABEL (what the
// messages call the dependencies) to "surreal-dev".
import { readFileSync, existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(process.argv[2] || join(here, '..'));
const label = process.argv[3] || 'surreal-dev';
const fromRepo = relative(join(here, '..', '..', '..'), root);
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
  console.log(`${label} dependencies are installed`);
  process.exit(0);
}
console.log(`installing ${label} dependencies (npm ci): ${bad.join(', ')}`);
const npm = process.env.NPM || 'npm';
const r = spawnSync(npm, ['ci', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
if (r.error || r.status !== 0) {
  console.error(`npm ci failed in ${root} (${r.error ? r.error.message : `exit ${r.status}`}); run it by hand: cd ${fromRepo} && npm ci`);
  process.exit(1);
}
bad = missing();
if (bad.length) {
  console.error(`still missing after npm ci: ${bad.join(', ')}`);
  process.exit(1);
}
console.log(`${label} dependencies installed`);
