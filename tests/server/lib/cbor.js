// Minimal CBOR (RFC 8949) codec tailored to SurrealDB's wire format.
//
// Value model shared by the whole server (see also json.js):
//   null / undefined / boolean / string
//   number   - a CBOR *integer* that fits a JS safe integer
//   bigint   - a CBOR integer outside the safe range
//   Float    - a CBOR float (kept apart from integers: SurrealDB distinguishes them)
//   Uint8Array - byte string
//   Array    - array
//   Map      - map (insertion order preserved; SurrealDB sorts its keys itself)
//   Tagged   - tagged item {tag, value}
//   Raw      - already-encoded CBOR bytes, spliced verbatim by the encoder
//
// The decoder also reports byte spans so that a request or a response can be
// re-framed without re-encoding its payload (the engine sees exactly the bytes
// the client sent, and the client sees exactly the bytes the engine produced).

export class Float {
  constructor(value) { this.value = value; }
}

export class Tagged {
  constructor(tag, value) { this.tag = tag; this.value = value; }
}

export class Raw {
  constructor(bytes) { this.bytes = bytes; }
}

export class CborError extends Error {}

export const NONE = new Tagged(6, null);

export function isNone(v) {
  return v instanceof Tagged && v.tag === 6;
}

// ---------------------------------------------------------------- decoding

const textDecoder = new TextDecoder('utf-8', { fatal: true });

function readHead(buf, pos) {
  if (pos >= buf.length) throw new CborError('Unexpected end of CBOR data');
  const ib = buf[pos];
  const major = ib >> 5;
  const info = ib & 0x1f;
  let p = pos + 1;
  let arg;
  if (info < 24) arg = info;
  else if (info === 24) { need(buf, p, 1); arg = buf[p]; p += 1; }
  else if (info === 25) { need(buf, p, 2); arg = (buf[p] << 8) | buf[p + 1]; p += 2; }
  else if (info === 26) {
    need(buf, p, 4);
    arg = ((buf[p] << 24) >>> 0) + (buf[p + 1] << 16) + (buf[p + 2] << 8) + buf[p + 3];
    p += 4;
  } else if (info === 27) {
    need(buf, p, 8);
    const dv = new DataView(buf.buffer, buf.byteOffset + p, 8);
    arg = dv.getBigUint64(0);
    if (arg <= BigInt(Number.MAX_SAFE_INTEGER)) arg = Number(arg);
    p += 8;
  } else if (info === 31) arg = -1; // indefinite length
  else throw new CborError('Invalid CBOR additional info');
  return { major, info, arg, pos: p };
}

function need(buf, p, n) {
  if (p + n > buf.length) throw new CborError('Unexpected end of CBOR data');
}

function halfToFloat(h) {
  const s = (h & 0x8000) ? -1 : 1;
  const e = (h >> 10) & 0x1f;
  const f = h & 0x3ff;
  if (e === 0) return s * 2 ** -14 * (f / 1024);
  if (e === 31) return f ? NaN : s * Infinity;
  return s * 2 ** (e - 15) * (1 + f / 1024);
}

const BREAK = Symbol('break');

function decodeItem(buf, pos, depth) {
  if (depth > 512) throw new CborError('CBOR nesting too deep');
  const h = readHead(buf, pos);
  let p = h.pos;
  switch (h.major) {
    case 0:
      return { value: h.arg, end: p };
    case 1:
      if (typeof h.arg === 'bigint') return { value: -1n - h.arg, end: p };
      {
        const v = -1 - h.arg;
        return { value: Number.isSafeInteger(v) ? v : -1n - BigInt(h.arg), end: p };
      }
    case 2:
    case 3: {
      let bytes;
      if (h.arg === -1) {
        const parts = [];
        for (;;) {
          if (buf[p] === 0xff) { p += 1; break; }
          const c = decodeItem(buf, p, depth + 1);
          parts.push(h.major === 2 ? c.value : new TextEncoder().encode(c.value));
          p = c.end;
        }
        bytes = Buffer.concat(parts.map((x) => Buffer.from(x)));
      } else {
        const n = Number(h.arg);
        need(buf, p, n);
        bytes = buf.subarray(p, p + n);
        p += n;
      }
      if (h.major === 2) return { value: new Uint8Array(bytes), end: p };
      try {
        return { value: textDecoder.decode(bytes), end: p };
      } catch {
        throw new CborError('Invalid UTF-8 in CBOR text string');
      }
    }
    case 4: {
      const arr = [];
      if (h.arg === -1) {
        for (;;) {
          if (p >= buf.length) throw new CborError('Unexpected end of CBOR data');
          if (buf[p] === 0xff) { p += 1; break; }
          const c = decodeItem(buf, p, depth + 1);
          arr.push(c.value);
          p = c.end;
        }
      } else {
        for (let i = 0; i < h.arg; i++) {
          const c = decodeItem(buf, p, depth + 1);
          arr.push(c.value);
          p = c.end;
        }
      }
      return { value: arr, end: p };
    }
    case 5: {
      const map = new Map();
      const n = h.arg;
      for (let i = 0; n === -1 || i < n; i++) {
        if (n === -1) {
          if (p >= buf.length) throw new CborError('Unexpected end of CBOR data');
          if (buf[p] === 0xff) { p += 1; break; }
        }
        const k = decodeItem(buf, p, depth + 1);
        const v = decodeItem(buf, k.end, depth + 1);
        map.set(k.value, v.value);
        p = v.end;
      }
      return { value: map, end: p };
    }
    case 6: {
      const c = decodeItem(buf, p, depth + 1);
      return { value: new Tagged(Number(h.arg), c.value), end: c.end };
    }
    case 7: {
      switch (h.info) {
        case 20: return { value: false, end: p };
        case 21: return { value: true, end: p };
        case 22: return { value: null, end: p };
        case 23: return { value: undefined, end: p };
        case 25: return { value: new Float(halfToFloat(h.arg)), end: p };
        case 26: {
          const dv = new DataView(buf.buffer, buf.byteOffset + h.pos - 4, 4);
          return { value: new Float(dv.getFloat32(0)), end: p };
        }
        case 27: {
          const dv = new DataView(buf.buffer, buf.byteOffset + h.pos - 8, 8);
          return { value: new Float(dv.getFloat64(0)), end: p };
        }
        case 31: return { value: BREAK, end: p };
        default:
          if (h.info < 24 || h.info === 24) return { value: undefined, end: p }; // unassigned simple
          throw new CborError('Invalid CBOR simple value');
      }
    }
    default:
      throw new CborError('Invalid CBOR major type');
  }
}

/** Decode one complete CBOR item; trailing bytes are an error. */
export function decode(bytes) {
  const buf = toU8(bytes);
  const r = decodeItem(buf, 0, 0);
  if (r.value === BREAK) throw new CborError('Unexpected CBOR break');
  if (r.end !== buf.length) throw new CborError('Trailing bytes after CBOR item');
  return r.value;
}

/**
 * Decode a top-level CBOR map and return Map<key, {value, raw}> where raw is
 * the exact encoded bytes of the value. Returns null if the item is not a map.
 */
export function decodeMapSpans(bytes) {
  const buf = toU8(bytes);
  const h = readHead(buf, 0);
  if (h.major !== 5) {
    decode(buf); // still validate
    return null;
  }
  const out = new Map();
  let p = h.pos;
  for (let i = 0; h.arg === -1 || i < h.arg; i++) {
    if (h.arg === -1) {
      if (p >= buf.length) throw new CborError('Unexpected end of CBOR data');
      if (buf[p] === 0xff) { p += 1; break; }
    }
    const k = decodeItem(buf, p, 1);
    const v = decodeItem(buf, k.end, 1);
    out.set(k.value, { value: v.value, raw: buf.subarray(k.end, v.end) });
    p = v.end;
  }
  if (p !== buf.length) throw new CborError('Trailing bytes after CBOR item');
  return out;
}

function toU8(b) {
  if (b instanceof Uint8Array) return b;
  if (b instanceof ArrayBuffer) return new Uint8Array(b);
  if (Array.isArray(b)) return Buffer.concat(b);
  throw new CborError('Expected binary CBOR data');
}

// ---------------------------------------------------------------- encoding

class Writer {
  constructor() { this.chunks = []; this.len = 0; }
  push(u8) { this.chunks.push(u8); this.len += u8.length; }
  byte(b) { this.push(Uint8Array.of(b)); }
  head(major, n) {
    const m = major << 5;
    if (typeof n === 'bigint') {
      if (n < 0x100000000n) n = Number(n);
      else {
        const b = new Uint8Array(9);
        b[0] = m | 27;
        new DataView(b.buffer).setBigUint64(1, n);
        this.push(b);
        return;
      }
    }
    if (n < 24) this.byte(m | n);
    else if (n < 0x100) this.push(Uint8Array.of(m | 24, n));
    else if (n < 0x10000) this.push(Uint8Array.of(m | 25, n >> 8, n & 0xff));
    else if (n < 0x100000000) {
      const b = new Uint8Array(5);
      b[0] = m | 26;
      new DataView(b.buffer).setUint32(1, n);
      this.push(b);
    } else {
      const b = new Uint8Array(9);
      b[0] = m | 27;
      new DataView(b.buffer).setBigUint64(1, BigInt(n));
      this.push(b);
    }
  }
  result() { return Buffer.concat(this.chunks, this.len); }
}

function encodeFloat(w, f) {
  // Shortest lossless width, like the server's ciborium encoder.
  if (Number.isNaN(f)) { w.push(Uint8Array.of(0xf9, 0x7e, 0x00)); return; }
  const b4 = new DataView(new ArrayBuffer(4));
  b4.setFloat32(0, f);
  if (b4.getFloat32(0) === f || !Number.isFinite(f)) {
    const b = new Uint8Array(5);
    b[0] = 0xfa;
    b.set(new Uint8Array(b4.buffer), 1);
    w.push(b);
    return;
  }
  const b = new Uint8Array(9);
  b[0] = 0xfb;
  new DataView(b.buffer).setFloat64(1, f);
  w.push(b);
}

const textEncoder = new TextEncoder();

function encodeInto(w, v) {
  if (v === null) return w.byte(0xf6);
  if (v === undefined) return w.byte(0xf7);
  if (v === true) return w.byte(0xf5);
  if (v === false) return w.byte(0xf4);
  if (typeof v === 'number') {
    if (Number.isInteger(v)) {
      if (v >= 0) w.head(0, v);
      else w.head(1, -1 - v);
    } else encodeFloat(w, v);
    return;
  }
  if (typeof v === 'bigint') {
    if (v >= 0n) w.head(0, v);
    else w.head(1, -1n - v);
    return;
  }
  if (typeof v === 'string') {
    const b = textEncoder.encode(v);
    w.head(3, b.length);
    w.push(b);
    return;
  }
  if (v instanceof Float) return encodeFloat(w, v.value);
  if (v instanceof Raw) return w.push(v.bytes);
  if (v instanceof Tagged) {
    w.head(6, v.tag);
    return encodeInto(w, v.value);
  }
  if (v instanceof Uint8Array) {
    w.head(2, v.length);
    w.push(v);
    return;
  }
  if (Array.isArray(v)) {
    w.head(4, v.length);
    for (const x of v) encodeInto(w, x);
    return;
  }
  if (v instanceof Map) {
    w.head(5, v.size);
    for (const [k, x] of v) { encodeInto(w, k); encodeInto(w, x); }
    return;
  }
  if (typeof v === 'object') {
    const keys = Object.keys(v).filter((k) => v[k] !== undefined);
    w.head(5, keys.length);
    for (const k of keys) { encodeInto(w, k); encodeInto(w, v[k]); }
    return;
  }
  throw new CborError(`Cannot encode ${typeof v} as CBOR`);
}

/** Encode a value of the model above (plain objects are accepted as maps). */
export function encode(v) {
  const w = new Writer();
  encodeInto(w, v);
  return w.result();
}

// ---------------------------------------------------------------- helpers

export function uuidToString(bytes) {
  const h = Buffer.from(bytes).toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

const UUID_RE = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

export function isUuidString(s) {
  return typeof s === 'string' && UUID_RE.test(s);
}

export function uuidFromString(s) {
  return new Tagged(37, new Uint8Array(Buffer.from(s.replace(/-/g, ''), 'hex')));
}

/** A UUID value (tag 37 bytes, tag 9 text, or a plain UUID string) -> lowercase text, else null. */
export function asUuidString(v) {
  if (v instanceof Tagged && v.tag === 37 && v.value instanceof Uint8Array && v.value.length === 16) {
    return uuidToString(v.value);
  }
  if (v instanceof Tagged && v.tag === 9 && isUuidString(v.value)) return v.value.toLowerCase();
  if (isUuidString(v)) return v.toLowerCase();
  return null;
}

/** Plain string from a string or a tag-7 table. */
export function asText(v) {
  if (typeof v === 'string') return v;
  if (v instanceof Tagged && v.tag === 7 && typeof v.value === 'string') return v.value;
  return null;
}

/** Look up a key in a decoded map (Map) or plain object. */
export function getKey(m, k) {
  if (m instanceof Map) return m.get(k);
  if (m && typeof m === 'object') return m[k];
  return undefined;
}
