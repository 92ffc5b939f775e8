// The embedded SurrealDB 3.x engine (@surrealdb/node, pinned in package.json)
// for tests/bench/inprocess.mjs: through the SDK (createNodeEngines, `mem://`),
// and the native SurrealNodeEngine on its own (CBOR request bytes in, CBOR
// response bytes out) the way tests/server/lib/engine.js loads it.
import { createRequire } from 'node:module';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export { createNodeEngines } from '@surrealdb/node';

const require = createRequire(import.meta.url);

function packageDir(name) {
  let dir = dirname(fileURLToPath(import.meta.resolve(name)));
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error(`cannot locate package.json of ${name}`);
    dir = up;
  }
  return dir;
}

function bindingName() {
  const { platform, arch } = process;
  if (platform === 'linux') {
    let musl = false;
    try { musl = readFileSync('/usr/bin/ldd', 'utf-8').includes('musl'); } catch { /* glibc */ }
    return `surrealdb-node.linux-${arch}-${musl ? 'musl' : 'gnu'}.node`;
  }
  if (platform === 'darwin') return `surrealdb-node.darwin-${arch}.node`;
  if (platform === 'win32') return `surrealdb-node.win32-${arch}-msvc.node`;
  throw new Error(`unsupported platform ${platform}-${arch}`);
}

/** Open the native engine at @p url ("mem://"): { execute(bytes) -> Promise<Uint8Array>, free() }. */
export async function nativeEngine(url) {
  const dir = packageDir('@surrealdb/node');
  const { SurrealNodeEngine } = require(join(dir, 'dist', bindingName()));
  return SurrealNodeEngine.connect(url, { strict: false });
}
