// Command line of surreal-dev.

import { resolve } from 'node:path';
import { startServer } from './server.js';

const USAGE = `surreal-dev: SurrealDB dev server backed by the real embedded engine

Usage: surreal-dev [options]

Options:
  --bind HOST:PORT          listen address (default 127.0.0.1:8000; port 0 = pick a free port)
  --user U                  initial root user (default root)
  --pass P                  initial root password (default root)
  --storage memory|surrealkv:PATH
                            storage backend (default memory; surrealkv persists, v3 only)
  --engine v3|v2            v3 = @surrealdb/node (SurrealDB 3.x, default)
                            v2 = @surrealdb/wasm (SurrealDB 2.x, memory only)
  --log-level quiet|info|debug   stderr verbosity (default info)
  --tls-cert PATH --tls-key PATH serve HTTPS and wss:// with this PEM certificate
                            and key (both or neither; the ready line then says https://)
  --help                    show this help

When ready, exactly one line is printed to stdout:
  surreal-dev ready http://HOST:PORT engine=v3 version=surrealdb-X.Y.Z
(https:// with --tls-cert/--tls-key).
Everything else goes to stderr. SIGTERM/SIGINT stop the server (exit 0).
`;

export class UsageError extends Error {}

export function parseArgs(argv) {
  const o = { host: '127.0.0.1', port: 8000, user: 'root', pass: 'root', storage: { type: 'memory' }, kind: 'v3', logLevel: 'info', help: false, tlsCert: null, tlsKey: null };
  const take = (i, name) => {
    if (i + 1 >= argv.length) throw new UsageError(`${name} needs a value`);
    return argv[i + 1];
  };
  for (let i = 0; i < argv.length; i++) {
    let a = argv[i];
    let inline;
    if (a.startsWith('--') && a.includes('=')) {
      inline = a.slice(a.indexOf('=') + 1);
      a = a.slice(0, a.indexOf('='));
    }
    const val = () => {
      if (inline !== undefined) return inline;
      const v = take(i, a);
      i += 1;
      return v;
    };
    switch (a) {
      case '--help': case '-h': o.help = true; break;
      case '--bind': {
        const v = val();
        const m = /^(?:\[([^\]]+)\]|([^:]*)):(\d+)$/.exec(v);
        if (!m) throw new UsageError(`--bind expects HOST:PORT, got ${v}`);
        o.host = m[1] ?? (m[2] || '127.0.0.1');
        o.port = Number(m[3]);
        if (o.port > 65535) throw new UsageError(`--bind: bad port ${m[3]}`);
        break;
      }
      case '--user': o.user = val(); break;
      case '--pass': o.pass = val(); break;
      case '--storage': {
        const v = val();
        if (v === 'memory' || v === 'mem' || v === 'memory://' || v === 'mem://') o.storage = { type: 'memory' };
        else if (v.startsWith('surrealkv:')) {
          const p = v.slice('surrealkv:'.length).replace(/^\/\//, '');
          if (!p) throw new UsageError('--storage surrealkv:PATH needs a path');
          o.storage = { type: 'surrealkv', path: resolve(p) };
        } else throw new UsageError(`--storage expects memory or surrealkv:PATH, got ${v}`);
        break;
      }
      case '--engine': {
        const v = val();
        if (v !== 'v3' && v !== 'v2') throw new UsageError(`--engine expects v3 or v2, got ${v}`);
        o.kind = v;
        break;
      }
      case '--log-level': {
        const v = val();
        if (!['quiet', 'info', 'debug'].includes(v)) throw new UsageError(`--log-level expects quiet, info or debug, got ${v}`);
        o.logLevel = v;
        break;
      }
      case '--tls-cert': o.tlsCert = resolve(val()); break;
      case '--tls-key': o.tlsKey = resolve(val()); break;
      default:
        throw new UsageError(`unknown argument ${argv[i]}`);
    }
  }
  if (!o.tlsCert !== !o.tlsKey) throw new UsageError('--tls-cert and --tls-key go together');
  return o;
}

function makeLog(level) {
  const rank = { quiet: 0, info: 1, debug: 2 }[level];
  const out = (msg) => process.stderr.write(`surreal-dev: ${msg}\n`);
  return {
    info: rank >= 1 ? out : () => {},
    debug: rank >= 2 ? out : () => {},
    error: out,
  };
}

export async function main(argv = process.argv.slice(2)) {
  let o;
  try {
    o = parseArgs(argv);
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`surreal-dev: ${e.message}\n\n${USAGE}`);
      process.exit(2);
    }
    throw e;
  }
  if (o.help) {
    process.stdout.write(USAGE);
    return;
  }
  const log = makeLog(o.logLevel);
  process.on('uncaughtException', (e) => {
    // e.g. a panic inside the wasm engine ("RuntimeError: unreachable"): the
    // engine is unusable afterwards, so stop loudly instead of serving garbage.
    log.error(`fatal: ${e && e.stack ? e.stack.split('\n').slice(0, 8).join('\n') : e}`);
    process.exit(1);
  });
  if (o.kind === 'v2' && o.storage.type !== 'memory') {
    log.error('--storage surrealkv is not supported with --engine v2: the SurrealDB 2.x WebAssembly engine has no persistent storage under Node (only mem:// and the browser-only IndexedDB backend)');
    process.exit(2);
  }
  let srv;
  try {
    srv = await startServer({ kind: o.kind, storage: o.storage, host: o.host, port: o.port, user: o.user, pass: o.pass, log, tlsCert: o.tlsCert, tlsKey: o.tlsKey });
  } catch (e) {
    if (e && e.code === 'EADDRINUSE') log.error(`cannot listen on ${o.host}:${o.port}: address already in use`);
    else if (e && (e.code === 'EACCES' || e.code === 'EADDRNOTAVAIL')) log.error(`cannot listen on ${o.host}:${o.port}: ${e.message}`);
    else log.error(`failed to start the ${o.kind} engine: ${e && e.stack ? e.stack : e}`);
    process.exit(1);
  }
  let stopping = false;
  const stop = async (sig) => {
    if (stopping) return;
    stopping = true;
    log.info(`${sig}: shutting down`);
    const hard = setTimeout(() => process.exit(0), 4000);
    hard.unref();
    try {
      await srv.close();
    } catch (e) {
      log.error(`error during shutdown: ${e.message}`);
    }
    process.exit(0);
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  log.info(`listening on ${srv.url} (engine ${o.kind}, ${srv.version}, storage ${o.storage.type === 'memory' ? 'memory' : `surrealkv:${o.storage.path}`})`);
  const line = `surreal-dev ready ${srv.url} engine=${o.kind} version=${srv.version}\n`;
  process.stdout.write(line);
}
