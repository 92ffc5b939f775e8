// Shared helpers for the surreal-dev integration tests: start a fresh server on
// port 0, wait for its ready line, talk to it with a minimal WebSocket / HTTP
// client, and stop it again.

import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import http from 'node:http';
import WebSocket from 'ws';
import { encode, decode, Tagged, Float, uuidToString } from '../lib/cbor.js';

export { encode, decode, Tagged, Float, uuidToString };

const HERE = dirname(fileURLToPath(import.meta.url));
export const SERVER = join(HERE, '..', 'surreal-dev');
export const ENGINE = process.env.SURREAL_DEV_ENGINE || 'v3';
const READY_RE = /^surreal-dev ready (http:\/\/\S+) engine=(v[23]) version=(surrealdb-\S+)$/;

/** Start surreal-dev; resolves {url, wsUrl, engine, version, proc, stderr(), stop()}. Throws loudly on failure. */
export async function startServer({ engine = ENGINE, args = [], timeoutMs = 30000 } = {}) {
  const proc = spawn(process.execPath, [SERVER, '--bind', '127.0.0.1:0', '--engine', engine, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  proc.stderr.on('data', (d) => { err += d; });
  const ready = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      proc.kill('SIGKILL');
      reject(new Error(`surreal-dev did not become ready within ${timeoutMs} ms\nstderr:\n${err}`));
    }, timeoutMs);
    proc.stdout.on('data', (d) => {
      out += d;
      const nl = out.indexOf('\n');
      if (nl >= 0) {
        clearTimeout(timer);
        const line = out.slice(0, nl);
        const m = READY_RE.exec(line);
        if (!m) reject(new Error(`unexpected ready line: ${JSON.stringify(line)}\nstderr:\n${err}`));
        else resolve({ line, url: m[1], engine: m[2], version: m[3] });
      }
    });
    proc.on('exit', (code, sig) => {
      clearTimeout(timer);
      reject(new Error(`surreal-dev exited before ready (code ${code}, signal ${sig})\nstderr:\n${err}`));
    });
  });
  let exited = null;
  const exitPromise = new Promise((resolve) => proc.on('exit', (code, signal) => { exited = { code, signal }; resolve(exited); }));
  return {
    ...ready,
    wsUrl: ready.url.replace(/^http/, 'ws') + '/rpc',
    proc,
    stdout: () => out,
    stderr: () => err,
    async stop(signal = 'SIGTERM') {
      if (exited) return exited;
      proc.kill(signal);
      const t = setTimeout(() => proc.kill('SIGKILL'), 8000);
      const r = await exitPromise;
      clearTimeout(t);
      return r;
    },
  };
}

/** Run fn(server) with a fresh server, always stopping it. */
export async function withServer(opts, fn) {
  if (typeof opts === 'function') { fn = opts; opts = {}; }
  const srv = await startServer(opts);
  try {
    return await fn(srv);
  } finally {
    await srv.stop();
  }
}

export function tempDir(prefix = 'surreal-dev-test-') {
  const d = mkdtempSync(join(tmpdir(), prefix));
  return { path: d, remove: () => rmSync(d, { recursive: true, force: true }) };
}

/** Convert decoded CBOR (Maps, Tagged, Float) into something easy to assert on. */
export function plain(v) {
  if (v instanceof Map) return Object.fromEntries([...v].map(([k, x]) => [k, plain(x)]));
  if (Array.isArray(v)) return v.map(plain);
  if (v instanceof Float) return v.value;
  if (v instanceof Tagged) {
    if (v.tag === 37) return { $uuid: uuidToString(v.value) };
    if (v.tag === 6) return { $none: true };
    return { [`$tag${v.tag}`]: plain(v.value) };
  }
  return v;
}

/**
 * Minimal RPC client over WebSocket.
 *   format: 'cbor' | 'json' | null (no subprotocol offered) | array of protocols
 */
export class RpcClient {
  static async connect(url, { protocols = ['cbor'], headers } = {}) {
    const c = new RpcClient();
    await c.#open(url, protocols, headers);
    return c;
  }

  async #open(url, protocols, headers) {
    const list = protocols === null ? undefined : (Array.isArray(protocols) ? protocols : [protocols]);
    this.ws = new WebSocket(url, list, { headers });
    this.messages = []; // every decoded message: {frame: 'text'|'binary', msg}
    this.waiters = [];
    this.pings = 0;
    this.nextId = 1;
    this.ws.on('ping', () => { this.pings += 1; });
    this.ws.on('message', (data, isBinary) => {
      const msg = this.decodeFrame(data);
      const entry = { frame: isBinary ? 'binary' : 'text', msg, raw: data };
      this.messages.push(entry);
      for (const w of [...this.waiters]) {
        if (w.pred(entry)) {
          this.waiters.splice(this.waiters.indexOf(w), 1);
          clearTimeout(w.timer);
          w.resolve(entry);
        }
      }
    });
    let failed = null;
    this.ws.on('error', (e) => { failed = e; });
    this.upgrade = await new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error('WebSocket upgrade timed out')), 10000);
      this.ws.once('upgrade', (res) => { clearTimeout(t); resolve(res); });
      this.ws.once('error', (e) => { clearTimeout(t); reject(e); });
      this.ws.once('unexpected-response', (req, res) => {
        let body = '';
        res.on('data', (d) => { body += d; });
        res.on('end', () => {
          const e = new Error(`upgrade refused: ${res.statusCode}`);
          e.status = res.statusCode;
          e.body = body;
          e.headers = res.headers;
          reject(e);
        });
      });
    });
    await new Promise((resolve, reject) => {
      if (this.ws.readyState === WebSocket.OPEN) return resolve();
      if (failed) return reject(failed);
      const t = setTimeout(() => reject(new Error('WebSocket open timed out')), 10000);
      this.ws.once('open', () => { clearTimeout(t); resolve(); });
      this.ws.once('error', (e) => { clearTimeout(t); reject(e); });
      this.ws.once('close', () => { clearTimeout(t); reject(failed || new Error('WebSocket closed during open')); });
    });
    this.format = this.ws.protocol === 'cbor' ? 'cbor' : 'json';
  }

  decodeFrame(data) {
    if (this.format === 'cbor') return plain(decode(data));
    return JSON.parse(Buffer.from(data).toString('utf-8'));
  }

  encodeFrame(obj) {
    if (this.format === 'cbor') return encode(obj);
    return JSON.stringify(obj);
  }

  sendRaw(payload, opts) { this.ws.send(payload, opts); }

  waitFor(pred, timeoutMs = 10000, what = 'message') {
    const existing = this.messages.find(pred);
    if (existing) return Promise.resolve(existing);
    return new Promise((resolve, reject) => {
      const w = { pred, resolve, timer: setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(w), 1);
        reject(new Error(`timed out waiting for ${what}`));
      }, timeoutMs) };
      this.waiters.push(w);
    });
  }

  /** Send a request and return the full response entry {frame, msg}. */
  async request(method, params = [], extra = {}) {
    const id = extra.id ?? `r${this.nextId++}`;
    const req = { id, method, params, ...extra };
    this.ws.send(this.encodeFrame(req));
    const key = JSON.stringify(plain(id));
    return this.waitFor((e) => e.msg && e.msg.id !== undefined && JSON.stringify(e.msg.id) === key, 15000, `response to ${method} (${key})`);
  }

  /** Send a request and return result, throwing on an error response. */
  async call(method, params = [], extra = {}) {
    const { msg } = await this.request(method, params, extra);
    if (msg.error) {
      const e = new Error(`${method} failed: ${JSON.stringify(msg.error)}`);
      e.rpc = msg.error;
      throw e;
    }
    return msg.result;
  }

  notifications() {
    return this.messages.filter((e) => e.msg && e.msg.id === undefined && e.msg.result && e.msg.result.action);
  }

  close() {
    return new Promise((resolve) => {
      if (this.ws.readyState === WebSocket.CLOSED) return resolve();
      this.ws.once('close', resolve);
      this.ws.close();
    });
  }
}

/** Root sign-in + use; returns the client. */
export async function rootClient(srv, { protocols = ['cbor'], ns = 'test', db = 'test' } = {}) {
  const c = await RpcClient.connect(srv.wsUrl, { protocols });
  await c.call('signin', [{ user: 'root', pass: 'root' }]);
  await c.call('use', [ns, db]);
  return c;
}

/**
 * Raw WebSocket upgrade with node:http (the ws client refuses a 101 without the
 * subprotocol it asked for). Resolves {status, headers, body}; the socket is closed.
 */
export function rawUpgrade(url, headers = {}) {
  return new Promise((resolve, reject) => {
    const u = new URL(url.replace(/^ws/, 'http'));
    const req = http.request({
      host: u.hostname, port: u.port, path: u.pathname, method: 'GET',
      headers: {
        Connection: 'Upgrade', Upgrade: 'websocket', 'Sec-WebSocket-Version': '13',
        'Sec-WebSocket-Key': Buffer.from('0123456789abcdef').toString('base64'), ...headers,
      },
    });
    req.on('upgrade', (res, socket) => {
      socket.destroy();
      resolve({ status: res.statusCode, headers: res.headers, body: '' });
    });
    req.on('response', (res) => {
      let body = '';
      res.on('data', (d) => { body += d; });
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.setTimeout(10000, () => req.destroy(new Error('raw upgrade timed out')));
    req.end();
  });
}

export function basic(user = 'root', pass = 'root') {
  return `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;
}

/** SurrealQL type-check function name: v3 renamed type::is::X to type::is_X. */
export function isFn(type, engine = ENGINE) {
  return engine === 'v3' ? `type::is_${type}` : `type::is::${type}`;
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
