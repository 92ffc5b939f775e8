// JSON <-> value-model conversion for the `json` subprotocol and JSON HTTP bodies.
//
// Output (toJson): protocol reference §4.3 - NONE and NULL -> null, record id ->
// "tb:key" SurrealQL text, datetime -> RFC 3339 Z, duration -> text, decimal ->
// string, uuid -> string, bytes -> array of ints, geometry -> GeoJSON, set ->
// array, floats keep a ".0" when integral (serde_json), NaN/Inf -> null. Map key
// order is preserved (the engine already emits SurrealDB's BTreeMap order).
//
// Input (parseJson): the server reads JSON with SurrealDB's value parser in
// "legacy strands" mode (§1.2). This is an approximation of it:
//   * numbers: integer literals stay integers (bigint beyond 2^53), anything
//     with a fraction or exponent becomes a float;
//   * every string value (not object keys) is re-examined: an RFC 3339
//     datetime becomes a datetime, a hyphenated UUID a uuid, and `tb:key`
//     (tb an identifier or `escaped`/⟨escaped⟩; key an integer, an
//     identifier, an `escaped`/⟨escaped⟩ string or u'uuid') a record id;
//   * SurrealQL extras: NONE, and prefixed strings d"..", u"..", r"..", s"..";
//   * GeoJSON-shaped objects ({type, coordinates} / GeometryCollection)
//     become geometry values.
// Not reproduced: record keys that are arrays/objects/ranges, date-only
// strings, other SurrealQL value syntax (durations, casts, ...).

import {
  Tagged, Float, NONE, uuidToString, uuidFromString, isUuidString,
} from './cbor.js';
import { recordIdText, datetimeText, durationText, rangeText, valueText } from './sqltext.js';

// ---------------------------------------------------------------- output

function floatJson(f) {
  if (!Number.isFinite(f)) return 'null';
  if (Number.isInteger(f) && Math.abs(f) < 1e16) return `${f}.0`;
  return JSON.stringify(f);
}

const GEO_TYPES = {
  88: 'Point', 89: 'LineString', 90: 'Polygon', 91: 'MultiPoint', 92: 'MultiLineString', 93: 'MultiPolygon',
};

function geoCoords(v) {
  if (v instanceof Tagged && GEO_TYPES[v.tag]) return geoCoords(v.value);
  if (Array.isArray(v)) return v.map(geoCoords);
  return v;
}

/** Convert a value of the model into JSON text. */
export function toJson(v) {
  if (v === null || v === undefined) return 'null';
  if (v === true) return 'true';
  if (v === false) return 'false';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : 'null';
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'string') return JSON.stringify(v);
  if (v instanceof Float) return floatJson(v.value);
  if (v instanceof Uint8Array) return `[${Array.from(v).join(',')}]`;
  if (Array.isArray(v)) return `[${v.map(toJson).join(',')}]`;
  if (v instanceof Map) {
    const parts = [];
    for (const [k, x] of v) parts.push(`${JSON.stringify(String(k))}:${toJson(x)}`);
    return `{${parts.join(',')}}`;
  }
  if (v instanceof Tagged) {
    switch (v.tag) {
      case 6: return 'null';
      case 0: case 9: case 13: case 7: case 10: return JSON.stringify(String(v.value));
      case 8: return JSON.stringify(recordIdText(v.value));
      case 12: return JSON.stringify(datetimeText(v.value));
      case 14: return JSON.stringify(durationText(v.value));
      case 37: return JSON.stringify(uuidToString(v.value));
      case 49: return JSON.stringify(rangeText(v.value));
      case 55: case 15: return JSON.stringify(valueText(v));
      case 56: return toJson(Array.isArray(v.value) ? v.value : []);
      case 94:
        return `{"geometries":${toJson((v.value || []).map((g) => g))},"type":"GeometryCollection"}`;
      default:
        if (GEO_TYPES[v.tag]) {
          return `{"coordinates":${toJson(geoCoords(v.value))},"type":"${GEO_TYPES[v.tag]}"}`;
        }
        return toJson(v.value);
    }
  }
  if (typeof v === 'object') {
    return `{${Object.keys(v).filter((k) => v[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${toJson(v[k])}`).join(',')}}`;
  }
  return 'null';
}

/** Plain (tag-free) JS structure of toJson, for v2's untagged CBOR /sql output. */
export function toPlain(v) {
  return JSON.parse(toJson(v));
}

// ---------------------------------------------------------------- input

export class JsonParseError extends Error {}

const DT_RE = /^([+-]?\d{4,6})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

export function parseDatetime(s) {
  const m = DT_RE.exec(s);
  if (!m) return null;
  const [, y, mo, d, h, mi, se, frac, tz] = m;
  let ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(se));
  if (Number.isNaN(ms)) return null;
  const check = new Date(ms);
  if (check.getUTCMonth() !== Number(mo) - 1 || check.getUTCDate() !== Number(d)) return null;
  if (Number(h) > 23 || Number(mi) > 59 || Number(se) > 59) return null;
  if (tz !== 'Z') {
    const sign = tz[0] === '-' ? -1 : 1;
    ms -= sign * (Number(tz.slice(1, 3)) * 60 + Number(tz.slice(4, 6))) * 60000;
  }
  const nanos = frac ? Number(frac.slice(1).padEnd(9, '0')) : 0;
  return new Tagged(12, [Math.floor(ms / 1000), nanos]);
}

const TB_RE = /^(?:([A-Za-z_][A-Za-z0-9_]*)|`((?:[^`\\]|\\.)*)`|⟨((?:[^⟩\\]|\\.)*)⟩):(.+)$/s;
const I64_MAX = 9223372036854775807n;

function unescape(s) {
  return s.replace(/\\(.)/gs, '$1');
}

function parseRecordKey(k) {
  if (/^[+-]?\d+$/.test(k)) {
    const n = BigInt(k);
    if (n > I64_MAX || n < -I64_MAX - 1n) return undefined;
    return Number.isSafeInteger(Number(n)) ? Number(n) : n;
  }
  if (/^[A-Za-z0-9_]+$/.test(k)) return k;
  let m = /^`((?:[^`\\]|\\.)*)`$/s.exec(k) || /^⟨((?:[^⟩\\]|\\.)*)⟩$/s.exec(k);
  if (m) return unescape(m[1]);
  m = /^u(['"])([0-9a-fA-F-]{36})\1$/.exec(k);
  if (m && isUuidString(m[2])) return uuidFromString(m[2]);
  return undefined;
}

export function parseRecordId(s) {
  const m = TB_RE.exec(s);
  if (!m) return null;
  const tb = m[1] ?? unescape(m[2] ?? m[3]);
  const key = parseRecordKey(m[4]);
  if (key === undefined) return null;
  return new Tagged(8, [tb, key]);
}

/** Legacy-strand reinterpretation of one JSON string value. */
export function legacyStrand(s) {
  return parseDatetime(s) ?? (isUuidString(s) ? uuidFromString(s) : null) ?? parseRecordId(s) ?? s;
}

function prefixedString(prefix, s) {
  switch (prefix) {
    case 'd': {
      const d = parseDatetime(s);
      if (!d) throw new JsonParseError(`Invalid datetime: ${s}`);
      return d;
    }
    case 'u':
      if (!isUuidString(s)) throw new JsonParseError(`Invalid uuid: ${s}`);
      return uuidFromString(s);
    case 'r': {
      const r = parseRecordId(s);
      if (!r) throw new JsonParseError(`Invalid record id: ${s}`);
      return r;
    }
    default:
      return s;
  }
}

const GEO_BY_NAME = {
  Point: 88, LineString: 89, Polygon: 90, MultiPoint: 91, MultiLineString: 92, MultiPolygon: 93,
};

function num(v) {
  if (v instanceof Float) return v;
  if (typeof v === 'number' || typeof v === 'bigint') return new Float(Number(v));
  return null;
}

function geoFrom(tag, c) {
  if (!Array.isArray(c)) return null;
  if (tag === 88) {
    if (c.length !== 2) return null;
    const x = num(c[0]); const y = num(c[1]);
    return x && y ? new Tagged(88, [x, y]) : null;
  }
  const inner = { 89: 88, 90: 89, 91: 88, 92: 89, 93: 90 }[tag];
  const parts = c.map((p) => geoFrom(inner, p));
  if (parts.some((p) => p === null)) return null;
  return new Tagged(tag, parts);
}

function maybeGeometry(map) {
  const type = map.get('type');
  if (typeof type !== 'string') return map;
  if (type === 'GeometryCollection' && map.size === 2 && Array.isArray(map.get('geometries'))) {
    const gs = map.get('geometries');
    if (gs.every((g) => g instanceof Tagged && g.tag >= 88 && g.tag <= 94)) return new Tagged(94, gs);
    return map;
  }
  const tag = GEO_BY_NAME[type];
  if (!tag || map.size !== 2 || !map.has('coordinates')) return map;
  return geoFrom(tag, map.get('coordinates')) ?? map;
}

class Parser {
  constructor(text) { this.s = text; this.i = 0; }

  fail(msg) { throw new JsonParseError(`${msg} at offset ${this.i}`); }

  ws() {
    const s = this.s;
    while (this.i < s.length) {
      const c = s.charCodeAt(this.i);
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) this.i++;
      else break;
    }
  }

  value(depth) {
    if (depth > 512) this.fail('Nesting too deep');
    this.ws();
    const c = this.s[this.i];
    if (c === '{') return this.object(depth);
    if (c === '[') return this.array(depth);
    if (c === '"' || c === "'") return legacyStrand(this.string());
    if (c === '-' || (c >= '0' && c <= '9')) return this.number();
    if (/[durs]/.test(c) && (this.s[this.i + 1] === '"' || this.s[this.i + 1] === "'")) {
      this.i++;
      return prefixedString(c, this.string());
    }
    for (const [word, val] of [['true', true], ['false', false], ['null', null], ['NULL', null], ['NONE', NONE]]) {
      if (this.s.startsWith(word, this.i) && !/[A-Za-z0-9_]/.test(this.s[this.i + word.length] ?? '')) {
        this.i += word.length;
        return val;
      }
    }
    return this.fail('Unexpected character');
  }

  object(depth) {
    this.i++;
    const m = new Map();
    this.ws();
    if (this.s[this.i] === '}') { this.i++; return maybeGeometry(m); }
    for (;;) {
      this.ws();
      const q = this.s[this.i];
      if (q !== '"' && q !== "'") this.fail('Expected object key');
      const k = this.string();
      this.ws();
      if (this.s[this.i] !== ':') this.fail("Expected ':'");
      this.i++;
      m.set(k, this.value(depth + 1));
      this.ws();
      const c = this.s[this.i++];
      if (c === '}') break;
      if (c !== ',') this.fail("Expected ',' or '}'");
    }
    return maybeGeometry(m);
  }

  array(depth) {
    this.i++;
    const a = [];
    this.ws();
    if (this.s[this.i] === ']') { this.i++; return a; }
    for (;;) {
      a.push(this.value(depth + 1));
      this.ws();
      const c = this.s[this.i++];
      if (c === ']') break;
      if (c !== ',') this.fail("Expected ',' or ']'");
    }
    return a;
  }

  string() {
    const q = this.s[this.i++];
    let out = '';
    const s = this.s;
    for (;;) {
      if (this.i >= s.length) this.fail('Unterminated string');
      const c = s[this.i++];
      if (c === q) break;
      if (c === '\\') {
        const e = s[this.i++];
        switch (e) {
          case '"': out += '"'; break;
          case "'": out += "'"; break;
          case '\\': out += '\\'; break;
          case '/': out += '/'; break;
          case 'b': out += '\b'; break;
          case 'f': out += '\f'; break;
          case 'n': out += '\n'; break;
          case 'r': out += '\r'; break;
          case 't': out += '\t'; break;
          case 'u': {
            const h = s.slice(this.i, this.i + 4);
            if (!/^[0-9a-fA-F]{4}$/.test(h)) this.fail('Invalid unicode escape');
            out += String.fromCharCode(parseInt(h, 16));
            this.i += 4;
            break;
          }
          default: this.fail('Invalid escape');
        }
      } else if (c.charCodeAt(0) < 0x20) {
        this.fail('Control character in string');
      } else out += c;
    }
    return out;
  }

  number() {
    const m = /^-?(?:0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(this.s.slice(this.i, this.i + 400));
    if (!m) this.fail('Invalid number');
    this.i += m[0].length;
    // SurrealQL number suffixes (f, dec) as an extension.
    if (this.s.startsWith('dec', this.i)) { this.i += 3; return new Tagged(10, m[0]); }
    if (this.s[this.i] === 'f' && !/[A-Za-z0-9_]/.test(this.s[this.i + 1] ?? '')) {
      this.i++;
      return new Float(Number(m[0]));
    }
    if (m[1] || m[2]) return new Float(Number(m[0]));
    const n = BigInt(m[0]);
    if (n > I64_MAX || n < -I64_MAX - 1n) return new Float(Number(m[0]));
    return Number.isSafeInteger(Number(n)) ? Number(n) : n;
  }
}

/** Parse JSON text (legacy-strand semantics) into the value model. */
export function parseJson(text) {
  const p = new Parser(text);
  const v = p.value(0);
  p.ws();
  if (p.i !== text.length) p.fail('Trailing characters');
  return v;
}
