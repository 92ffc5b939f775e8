// Loading the real, embedded SurrealDB engines.
//
//   v3: @surrealdb/node (napi-rs native addon, SurrealDB 3.x). We load the
//       platform's .node binary the same way dist/surrealdb-node.mjs does, but
//       directly, so the SDK wrapper (and its codec) is not involved.
//   v2: @surrealdb/wasm (wasm-bindgen build of SurrealDB 2.x). The package's
//       public API only exposes SDK-bound engine classes, and its loader
//       fetch()es the .wasm file, which Node cannot do for file: URLs. The
//       wasm-bindgen glue (SurrealWasmEngine + init) is a self-contained region
//       of dist/surrealdb-wasm.mjs: we take that region verbatim, import it as a
//       module (written to $TMPDIR/surreal-dev-wasm-glue-<hash>.mjs), and
//       initialise it with the bytes of wasm/surrealdb_bg.wasm.
//
// Both are wrapped in the same interface:
//   engine.kind            'v3' | 'v2'
//   engine.execute(bytes)  -> Promise<Uint8Array>  (CBOR RPC request -> CBOR result or {error})
//   engine.onNotification(cb)  cb(Uint8Array) for each live-query notification
//   engine.close()

import { createRequire } from 'node:module';
import { readFileSync, existsSync, writeFileSync, renameSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { tmpdir } from 'node:os';
import { createHash } from 'node:crypto';
import { fileURLToPath, pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);

function packageDir(name) {
  // The packages only export an "import" condition, so resolve through ESM.
  const entry = fileURLToPath(import.meta.resolve(name));
  let dir = dirname(entry);
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error(`cannot locate package.json of ${name}`);
    dir = up;
  }
  return dir;
}

function isMusl() {
  try {
    return readFileSync('/usr/bin/ldd', 'utf-8').includes('musl');
  } catch {
    return false;
  }
}

function nativeBindingName() {
  const { platform, arch } = process;
  if (platform === 'linux') return `surrealdb-node.linux-${arch}-${isMusl() ? 'musl' : 'gnu'}.node`;
  if (platform === 'darwin') return `surrealdb-node.darwin-${arch}.node`;
  if (platform === 'win32') return `surrealdb-node.win32-${arch}-msvc.node`;
  throw new Error(`unsupported platform ${platform}-${arch}`);
}

function toEngineOptions(opts) {
  return {
    strict: false,
    capabilities: {
      scripting: false,
      guest_access: false,
      live_query_notifications: true,
      functions: true,
      network_targets: false,
      experimental: false,
      ...(opts.capabilities || {}),
    },
  };
}

async function loadV3(url, opts) {
  const dir = packageDir('@surrealdb/node');
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf-8'));
  const file = join(dir, 'dist', nativeBindingName());
  if (!existsSync(file)) throw new Error(`native binding not found: ${file}`);
  const { SurrealNodeEngine } = require(file);
  const native = await SurrealNodeEngine.connect(url, toEngineOptions(opts));
  const rx = await native.notifications();
  let listener = () => {};
  let closed = false;
  (async () => {
    while (!closed) {
      let v;
      try {
        v = await rx.recv();
      } catch {
        break;
      }
      if (v === null || v === undefined) break;
      try { listener(new Uint8Array(v)); } catch (e) { process.stderr.write(`notification handler: ${e.stack}\n`); }
    }
  })();
  return {
    kind: 'v3',
    packageVersion: pkg.version,
    execute: async (bytes) => new Uint8Array(await native.execute(Buffer.from(bytes))),
    onNotification(cb) { listener = cb; },
    close() {
      if (closed) return;
      closed = true;
      try { native.free(); } catch { /* already freed */ }
    },
  };
}

let wasmGlue = null;

async function loadWasmGlue() {
  if (wasmGlue) return wasmGlue;
  const dir = packageDir('@surrealdb/wasm');
  const src = readFileSync(join(dir, 'dist', 'surrealdb-wasm.mjs'), 'utf-8');
  const start = src.indexOf('//#region wasm/surrealdb.js');
  const end = start < 0 ? -1 : src.indexOf('//#endregion', start);
  if (start < 0 || end < 0) {
    throw new Error('@surrealdb/wasm: wasm-bindgen glue region not found (unsupported package version)');
  }
  const glue = `${src.slice(start, end)}\nexport { SurrealWasmEngine, __wbg_init };\n`;
  // Import it from a content-addressed file in the temp dir (readable stack
  // traces); fall back to a data: URL when the temp dir is not writable.
  let specifier;
  try {
    const hash = createHash('sha256').update(glue).digest('hex').slice(0, 16);
    const file = join(tmpdir(), `surreal-dev-wasm-glue-${hash}.mjs`);
    if (!existsSync(file)) {
      const tmp = `${file}.${process.pid}.tmp`;
      writeFileSync(tmp, glue);
      renameSync(tmp, file);
    }
    specifier = pathToFileURL(file).href;
  } catch {
    specifier = `data:text/javascript;base64,${Buffer.from(glue).toString('base64')}`;
  }
  const mod = await import(specifier);
  const wasmBytes = readFileSync(join(dir, 'wasm', 'surrealdb_bg.wasm'));
  await mod.__wbg_init({ module_or_path: wasmBytes });
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf-8'));
  wasmGlue = { SurrealWasmEngine: mod.SurrealWasmEngine, packageVersion: pkg.version };
  return wasmGlue;
}

async function loadV2(url, opts) {
  const { SurrealWasmEngine, packageVersion } = await loadWasmGlue();
  const native = await SurrealWasmEngine.connect(url, toEngineOptions(opts));
  let listener = () => {};
  let closed = false;
  const reader = native.notifications().getReader();
  (async () => {
    while (!closed) {
      let r;
      try {
        r = await reader.read();
      } catch {
        break;
      }
      if (r.done) break;
      try { listener(new Uint8Array(r.value)); } catch (e) { process.stderr.write(`notification handler: ${e.stack}\n`); }
    }
  })();
  return {
    kind: 'v2',
    packageVersion,
    execute: async (bytes) => new Uint8Array(await native.execute(new Uint8Array(bytes))),
    onNotification(cb) { listener = cb; },
    close() {
      if (closed) return;
      closed = true;
      reader.cancel().catch(() => {});
      try { native.free(); } catch { /* already freed */ }
    },
  };
}

/**
 * Open an engine. kind: 'v3' | 'v2'; storage: {type:'memory'} | {type:'surrealkv', path}.
 */
export async function openEngine(kind, storage, opts = {}) {
  if (kind === 'v3') {
    const url = storage.type === 'memory' ? 'mem://' : `surrealkv://${storage.path}`;
    return loadV3(url, opts);
  }
  if (kind === 'v2') {
    if (storage.type !== 'memory') {
      throw new Error('--storage surrealkv is not available with --engine v2: the WebAssembly engine only has in-memory storage under Node (its persistent backend is IndexedDB, a browser API)');
    }
    return loadV2('mem://', opts);
  }
  throw new Error(`unknown engine ${kind}`);
}
