#!/usr/bin/env node
// Hostile test server for the bad-input tests of libsurql-conn
// (libsurql-conn/tests/test-hostile.c, ctest conn.hostile.*).
//
// A raw `net` server that speaks just enough WebSocket (RFC 6455) and HTTP to
// get a client connected, then misbehaves on purpose. The scenario is the
// first segment of the request path, an optional second segment is a count:
//
//   ws://HOST:PORT/<scenario>[/<n>]     WebSocket scenarios
//   http://HOST:PORT/<scenario>[/<n>]   HTTP scenarios (the client POSTs .../rpc)
//
// Every scenario answers the `version` RPC normally (the client probes it at
// connect) and misbehaves on the <n>-th other request (default 1), once <n>
// requests are in flight, so several calls can be waiting when it happens.
//
// Start: node hostile.mjs [--bind 127.0.0.1:0]; prints
//   "hostile ready http://HOST:PORT\n" on stdout when listening.
// Reuses the dev server's CBOR codec (lib/cbor.js); no dependencies.

import net from 'node:net';
import crypto from 'node:crypto';
import * as cbor from './lib/cbor.js';

const VERSION = 'surrealdb-3.0.2';
const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

// ------------------------------------------------------------------ frames

// Build one server frame. opts: fin (default true), rsv (bits 0..7 of the
// RSV nibble, shifted into place), mask (a masked server frame: forbidden),
// length (announced payload length, default the real one).
function frame(opcode, payload = Buffer.alloc(0), opts = {}) {
  const fin = opts.fin === undefined ? true : opts.fin;
  const body = Buffer.from(payload);
  const len = opts.length === undefined ? body.length : opts.length;
  const head = [];
  head.push((fin ? 0x80 : 0) | ((opts.rsv || 0) << 4) | (opcode & 0x0f));
  const maskBit = opts.mask ? 0x80 : 0;
  if (typeof len === 'bigint' || len > 0xffff) {
    head.push(maskBit | 127);
    const b = Buffer.alloc(8);
    b.writeBigUInt64BE(BigInt(len));
    head.push(...b);
  } else if (len > 125) {
    head.push(maskBit | 126, (len >> 8) & 0xff, len & 0xff);
  } else {
    head.push(maskBit | len);
  }
  let data = body;
  if (opts.mask) {
    const key = Buffer.from([1, 2, 3, 4]);
    head.push(...key);
    data = Buffer.from(body.map((c, i) => c ^ key[i % 4]));
  }
  return Buffer.concat([Buffer.from(head), data]);
}

function closePayload(code, reason = '') {
  const b = Buffer.alloc(2);
  b.writeUInt16BE(code);
  return Buffer.concat([b, Buffer.from(reason)]);
}

// Parse client frames out of `st.buf`; returns complete frames.
function parseFrames(st) {
  const out = [];
  for (;;) {
    const b = st.buf;
    if (b.length < 2) break;
    const fin = (b[0] & 0x80) !== 0;
    const opcode = b[0] & 0x0f;
    const masked = (b[1] & 0x80) !== 0;
    let len = b[1] & 0x7f;
    let p = 2;
    if (len === 126) {
      if (b.length < 4) break;
      len = b.readUInt16BE(2);
      p = 4;
    } else if (len === 127) {
      if (b.length < 10) break;
      len = Number(b.readBigUInt64BE(2));
      p = 10;
    }
    const keyLen = masked ? 4 : 0;
    if (b.length < p + keyLen + len) break;
    const key = b.subarray(p, p + keyLen);
    const payload = Buffer.from(b.subarray(p + keyLen, p + keyLen + len));
    if (masked) for (let i = 0; i < payload.length; i++) payload[i] ^= key[i % 4];
    st.buf = b.subarray(p + keyLen + len);
    out.push({ fin, opcode, masked, payload });
  }
  return out;
}

// ------------------------------------------------------------------ RPC

function decodeRequest(st, payload) {
  if (st.proto === 'json') {
    const m = JSON.parse(payload.toString('utf8'));
    return { id: m.id, method: m.method };
  }
  const m = cbor.decode(payload);
  return { id: cbor.getKey(m, 'id'), method: cbor.getKey(m, 'method') };
}

function encodeMessage(st, obj) {
  if (st.proto === 'json') return Buffer.from(JSON.stringify(obj));
  const m = new Map();
  for (const [k, v] of Object.entries(obj)) m.set(k, v);
  return Buffer.from(cbor.encode(m));
}

function dataFrame(st, obj, opts) {
  return frame(st.proto === 'json' ? 1 : 2, encodeMessage(st, obj), opts);
}

// ------------------------------------------------------------------ scenarios

// WebSocket scenarios after a good upgrade: fn(st, sock, ids) runs when the
// n-th non-version request arrived (ids: the ids of the waiting requests).
const LONG = 'x'.repeat(3000) + 'end';
const wsActions = {
  // sanity: answer everything
  ok(st, sock, ids) {
    for (const id of ids) sock.write(dataFrame(st, { id, result: 'hostile-ok' }));
    st.trigger = 0; // keep answering
  },
  // frame header for 100 bytes, 10 sent, then FIN on the TCP connection
  'close-mid-frame'(st, sock) {
    sock.write(frame(2, Buffer.alloc(10, 0x61), { length: 100 }));
    sock.end();
  },
  // the TCP connection closes between two frames (no close frame)
  'close-no-frame'(st, sock) {
    sock.end();
  },
  // a frame that announces 1 TiB: the client must refuse without allocating
  oversized(st, sock) {
    sock.write(frame(2, Buffer.alloc(16, 0x62), { length: 2n ** 40n }));
  },
  // a message split into 64 KiB continuation frames, more than the client's limit
  'oversized-fragments'(st, sock, ids) {
    const chunk = Buffer.alloc(65536, 0x63);
    sock.write(frame(2, chunk, { fin: false }));
    for (let i = 0; i < 8; i++) sock.write(frame(0, chunk, { fin: false }));
    sock.write(frame(0, chunk, { fin: true }));
  },
  // a frame header for 100 bytes, 10 bytes, then silence (socket stays open)
  truncated(st, sock) {
    sock.write(frame(2, Buffer.alloc(10, 0x64), { length: 100 }));
  },
  rsv(st, sock, ids) {
    sock.write(frame(2, encodeMessage(st, { id: ids[0], result: 'x' }), { rsv: 0x4 }));
  },
  opcode(st, sock) {
    sock.write(frame(0x3, Buffer.from('unknown opcode')));
  },
  masked(st, sock, ids) {
    sock.write(frame(2, encodeMessage(st, { id: ids[0], result: 'x' }), { mask: true }));
  },
  'bad-close-code'(st, sock) {
    sock.write(frame(8, closePayload(999, 'bad code')));
  },
  'close-1011'(st, sock) {
    sock.write(frame(8, closePayload(1011, 'hostile: internal failure')));
  },
  'ping-too-long'(st, sock) {
    sock.write(frame(9, Buffer.alloc(126, 0x70)));
  },
  'fragmented-ping'(st, sock) {
    sock.write(frame(9, Buffer.from('pi'), { fin: false }));
  },
  // a new data message starts before the fragmented one is finished
  interleaved(st, sock) {
    sock.write(frame(2, Buffer.from('first half'), { fin: false }));
    sock.write(frame(2, Buffer.from('another message')));
  },
  'stray-continuation'(st, sock) {
    sock.write(frame(0, Buffer.from('no message to continue')));
  },
  // a valid response in 3 fragments with Pings in between; the last fragment
  // is sent only after the client answered both Pings with matching Pongs
  fragmented(st, sock, ids) {
    const msg = encodeMessage(st, { id: ids[0], result: LONG });
    const a = Math.floor(msg.length / 3);
    sock.write(frame(2, msg.subarray(0, a), { fin: false }));
    sock.write(frame(9, Buffer.from('hostile-ping-1')));
    sock.write(frame(0, msg.subarray(a, 2 * a), { fin: false }));
    sock.write(frame(9, Buffer.from('hostile-ping-2')));
    st.onPongs = { want: ['hostile-ping-1', 'hostile-ping-2'], then: () => sock.write(frame(0, msg.subarray(2 * a), { fin: true })) };
    st.trigger = 0;
  },
  // a binary message that is not CBOR
  'not-cbor'(st, sock) {
    if (st.proto === 'json') sock.write(frame(1, Buffer.from('hostile: this is not JSON {')));
    else sock.write(frame(2, Buffer.from([0xff, 0xfe, 0x00, 0x41])));
  },
  // a text message that is not UTF-8 (RFC 6455 8.1: the connection fails)
  'bad-utf8'(st, sock) {
    sock.write(frame(1, Buffer.from([0x7b, 0xff, 0xfe, 0x7d])));
  },
  // responses to ids nobody asked for (number and string), then the real one
  'unknown-id'(st, sock, ids) {
    sock.write(dataFrame(st, { id: 987654321, result: 'stray' }));
    sock.write(dataFrame(st, { id: 'not-a-number', result: 'stray' }));
    sock.write(dataFrame(st, { result: 'no id at all' }));
    for (const id of ids) sock.write(dataFrame(st, { id, result: 'hostile-ok' }));
    st.trigger = 0;
  },
  // an error without an id (the server "could not decode" the request)
  'error-no-id'(st, sock) {
    sock.write(dataFrame(st, { error: { code: -32700, message: 'hostile: parse error' } }));
  },
  // a response whose shape is wrong (neither result nor error)
  'bad-response'(st, sock, ids) {
    sock.write(dataFrame(st, { id: ids[0], surprise: 1 }));
  },
};

// Handshake scenarios: answer the upgrade request with these bytes (then
// close unless `keep`).
function handshakeReply(sc, key, proto) {
  const accept = crypto.createHash('sha1').update(key + GUID).digest('base64');
  const ok = (extra) =>
    'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' + extra + '\r\n';
  switch (sc) {
    case 'hs-500':
      return 'HTTP/1.1 500 Internal Server Error\r\nContent-Type: text/plain\r\nContent-Length: 24\r\n\r\nhostile: upgrade refused';
    case 'hs-bad-accept':
      return ok(`Sec-WebSocket-Accept: ${crypto.createHash('sha1').update('wrong').digest('base64')}\r\nSec-WebSocket-Protocol: ${proto}\r\n`);
    case 'hs-no-accept':
      return ok(`Sec-WebSocket-Protocol: ${proto}\r\n`);
    case 'hs-no-protocol':
      return ok(`Sec-WebSocket-Accept: ${accept}\r\n`);
    case 'hs-other-protocol':
      return ok(`Sec-WebSocket-Accept: ${accept}\r\nSec-WebSocket-Protocol: ${proto === 'cbor' ? 'json' : 'cbor'}\r\n`);
    case 'hs-garbage':
      return 'SSH-2.0-OpenSSH_9.2p1 hostile\r\n\r\n';
    case 'hs-huge':
      return 'HTTP/1.1 101 Switching Protocols\r\n' + 'X-Filler: ' + 'f'.repeat(20000) + '\r\n\r\n';
    default:
      return null;
  }
}

// ------------------------------------------------------------------ HTTP

function httpReply(sock, status, type, body, extra = '') {
  const b = Buffer.from(body);
  sock.write(`HTTP/1.1 ${status}\r\n` + (type ? `Content-Type: ${type}\r\n` : '') +
             `Content-Length: ${b.length}\r\nConnection: close\r\n${extra}\r\n`);
  sock.end(b);
}

function handleHttp(st, sock, head, body) {
  const type = st.proto === 'json' ? 'application/json' : 'application/cbor';
  let req;
  try {
    req = decodeRequest(st, body);
  } catch (e) {
    return httpReply(sock, '400 Bad Request', 'text/plain', 'hostile: cannot decode the request');
  }
  if (req.method === 'version')
    return httpReply(sock, '200 OK', type, encodeMessage(st, { result: VERSION }));
  switch (st.scenario) {
    case 'http-ok':
      return httpReply(sock, '200 OK', type, encodeMessage(st, { result: 'hostile-ok' }));
    case 'http-truncated': {
      const msg = encodeMessage(st, { result: LONG });
      sock.write(`HTTP/1.1 200 OK\r\nContent-Type: ${type}\r\nContent-Length: ${msg.length}\r\nConnection: close\r\n\r\n`);
      sock.end(msg.subarray(0, 100));
      return;
    }
    case 'http-too-big': {
      sock.write(`HTTP/1.1 200 OK\r\nContent-Type: ${type}\r\nContent-Length: 1099511627776\r\nConnection: close\r\n\r\n`);
      const chunk = Buffer.alloc(65536, 0x7a);
      let sent = 0;
      const pump = () => {
        while (sent < 64 && !sock.destroyed) {
          sent++;
          if (!sock.write(chunk)) return sock.once('drain', pump);
        }
        sock.end();
      };
      pump();
      return;
    }
    case 'http-wrong-type':
      return httpReply(sock, '200 OK', 'text/html; charset=utf-8', '<html><body>hostile: a proxy login page</body></html>');
    case 'http-not-cbor':
      return httpReply(sock, '200 OK', type, Buffer.from([0xff, 0xfe, 0x00, 0x41]));
    case 'http-500':
      return httpReply(sock, '500 Internal Server Error', 'text/plain', 'hostile: the engine crashed');
    case 'http-502':
      return httpReply(sock, '502 Bad Gateway', 'text/html', '<html>hostile: bad gateway</html>');
    case 'http-close':
      sock.destroy();
      return;
    case 'http-silent':
      return; // never answer
    default:
      return httpReply(sock, '404 Not Found', 'text/plain', `hostile: unknown scenario '${st.scenario}'`);
  }
}

// ------------------------------------------------------------------ connections

function parseHead(text) {
  const lines = text.split('\r\n');
  const [method, path] = lines[0].split(' ');
  const headers = {};
  for (const l of lines.slice(1)) {
    const i = l.indexOf(':');
    if (i > 0) headers[l.slice(0, i).trim().toLowerCase()] = l.slice(i + 1).trim();
  }
  return { method, path, headers };
}

function onConnection(sock) {
  const st = { buf: Buffer.alloc(0), phase: 'head', proto: 'cbor', waiting: [], trigger: 1 };
  sock.on('error', () => {});
  sock.on('data', (chunk) => {
    st.buf = Buffer.concat([st.buf, chunk]);
    if (st.phase === 'head') {
      const end = st.buf.indexOf('\r\n\r\n');
      if (end < 0) return;
      const h = parseHead(st.buf.subarray(0, end).toString('latin1'));
      st.buf = st.buf.subarray(end + 4);
      const seg = (h.path || '/').split('/').filter((s) => s.length > 0);
      st.scenario = seg[0] || 'ok';
      if (seg[1] && /^[0-9]+$/.test(seg[1])) st.trigger = Number(seg[1]);
      if (h.headers.upgrade && h.headers.upgrade.toLowerCase() === 'websocket') {
        const offered = (h.headers['sec-websocket-protocol'] || '').split(',').map((s) => s.trim());
        st.proto = offered.includes('cbor') ? 'cbor' : 'json';
        if (st.scenario === 'hs-close') return sock.destroy();
        if (st.scenario === 'hs-silent') return;
        const bad = handshakeReply(st.scenario, h.headers['sec-websocket-key'] || '', st.proto);
        if (bad !== null) {
          sock.end(bad);
          return;
        }
        const accept = crypto.createHash('sha1').update(h.headers['sec-websocket-key'] + GUID).digest('base64');
        sock.write('HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
                   `Sec-WebSocket-Accept: ${accept}\r\nSec-WebSocket-Protocol: ${st.proto}\r\n\r\n`);
        st.phase = 'ws';
      } else {
        st.phase = 'http';
        st.httpHead = h;
        st.proto = (h.headers['content-type'] || '').includes('json') ? 'json' : 'cbor';
        st.need = Number(h.headers['content-length'] || 0);
      }
    }
    if (st.phase === 'http') {
      if (st.buf.length < st.need) return;
      st.phase = 'done';
      handleHttp(st, sock, st.httpHead, st.buf.subarray(0, st.need));
      return;
    }
    if (st.phase !== 'ws') return;
    for (const f of parseFrames(st)) {
      if (f.opcode === 8) {
        if (!st.closeSent) sock.write(frame(8, f.payload.subarray(0, 2)));
        st.closeSent = true;
        sock.end();
        return;
      }
      if (f.opcode === 10) {
        if (st.onPongs && f.payload.toString() === st.onPongs.want[0]) {
          st.onPongs.want.shift();
          if (st.onPongs.want.length === 0) {
            const then = st.onPongs.then;
            st.onPongs = null;
            then();
          }
        }
        continue;
      }
      if (f.opcode === 9) {
        sock.write(frame(10, f.payload));
        continue;
      }
      if (f.opcode !== 1 && f.opcode !== 2) continue;
      let req;
      try {
        req = decodeRequest(st, f.payload);
      } catch (e) {
        sock.write(dataFrame(st, { error: { code: -32700, message: 'hostile: cannot decode' } }));
        continue;
      }
      if (req.method === 'version') {
        sock.write(dataFrame(st, { id: req.id, result: VERSION }));
        continue;
      }
      if (st.trigger === 0) {
        // after the scenario (or in `ok`): answer normally
        sock.write(dataFrame(st, { id: req.id, result: 'hostile-ok' }));
        continue;
      }
      st.waiting.push(req.id);
      if (st.waiting.length < st.trigger) continue;
      const act = wsActions[st.scenario];
      const ids = st.waiting;
      st.waiting = [];
      st.trigger = -1; // scenario ran: ignore further requests unless it resets
      if (act) act(st, sock, ids);
      else sock.write(frame(8, closePayload(1008, `hostile: unknown scenario '${st.scenario}'`)));
    }
  });
}

// ------------------------------------------------------------------ main

let bind = '127.0.0.1:0';
for (let i = 2; i < process.argv.length; i++) {
  if (process.argv[i] === '--bind' && i + 1 < process.argv.length) bind = process.argv[++i];
}
const colon = bind.lastIndexOf(':');
const host = bind.slice(0, colon);
const port = Number(bind.slice(colon + 1));
const server = net.createServer(onConnection);
server.listen(port, host, () => {
  const a = server.address();
  process.stdout.write(`hostile ready http://${a.address}:${a.port}\n`);
});
for (const sig of ['SIGTERM', 'SIGINT']) process.on(sig, () => process.exit(0));
