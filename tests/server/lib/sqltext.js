// SurrealQL text renderings of typed values, as used by the server's JSON output
// (record ids, datetimes, durations, ranges, ...). See protocol reference §4.3.

import { Tagged, Float, uuidToString, asUuidString } from './cbor.js';

const IDENT_RE = /^[A-Za-z0-9_]+$/;

function escapeBacktick(s) {
  return '`' + s.replace(/\\/g, '\\\\').replace(/`/g, '\\`') + '`';
}

/** Table / field identifier: raw when it is a plain identifier, else `escaped`. */
export function identText(s) {
  if (s.length > 0 && IDENT_RE.test(s) && !/^\d+$/.test(s)) return s;
  return escapeBacktick(s);
}

/** Record-id key text (2.6+/3.x style: backticks, numeric-looking strings escaped). */
export function recordKeyText(key) {
  if (typeof key === 'number' || typeof key === 'bigint') return String(key);
  if (typeof key === 'string') {
    if (key.length > 0 && IDENT_RE.test(key) && !/^\d+$/.test(key)) return key;
    return escapeBacktick(key);
  }
  const u = key instanceof Tagged ? asUuidString(key) : null;
  if (u) return `u'${u}'`;
  if (key instanceof Tagged && key.tag === 49) return rangeText(key.value);
  return valueText(key);
}

export function recordIdText(v) {
  const [tb, key] = Array.isArray(v) ? v : [null, null];
  if (typeof tb !== 'string') return valueText(v);
  return `${identText(tb)}:${recordKeyText(key)}`;
}

function pad(n, w) {
  return String(n).padStart(w, '0');
}

/** [secs, nanos] -> RFC 3339 UTC with Z; fraction omitted or 3/6/9 digits (chrono AutoSi). */
export function datetimeText(v) {
  let secs = 0n;
  let nanos = 0;
  if (Array.isArray(v)) {
    secs = BigInt(v[0] ?? 0);
    nanos = Number(v[1] ?? 0);
  }
  const ms = Number(secs) * 1000;
  const d = new Date(ms);
  if (Number.isNaN(d.getTime())) return `${secs}s`;
  let year = d.getUTCFullYear();
  const yearText = year >= 0 && year <= 9999 ? pad(year, 4) : (year < 0 ? '-' : '+') + pad(Math.abs(year), 6);
  let out = `${yearText}-${pad(d.getUTCMonth() + 1, 2)}-${pad(d.getUTCDate(), 2)}T${pad(d.getUTCHours(), 2)}:${pad(d.getUTCMinutes(), 2)}:${pad(d.getUTCSeconds(), 2)}`;
  if (nanos !== 0) {
    if (nanos % 1_000_000 === 0) out += '.' + pad(nanos / 1_000_000, 3);
    else if (nanos % 1000 === 0) out += '.' + pad(nanos / 1000, 6);
    else out += '.' + pad(nanos, 9);
  }
  return out + 'Z';
}

const DUR_UNITS = [
  ['y', 365n * 86400n],
  ['w', 7n * 86400n],
  ['d', 86400n],
  ['h', 3600n],
  ['m', 60n],
  ['s', 1n],
];

/** [secs?, nanos?] -> SurrealQL duration text, zero = "0ns". */
export function durationText(v) {
  let secs = BigInt(Array.isArray(v) && v.length > 0 ? v[0] : 0);
  let nanos = Number(Array.isArray(v) && v.length > 1 ? v[1] : 0);
  if (secs === 0n && nanos === 0) return '0ns';
  let out = '';
  for (const [u, n] of DUR_UNITS) {
    const q = secs / n;
    if (q > 0n) { out += `${q}${u}`; secs -= q * n; }
  }
  const ms = Math.floor(nanos / 1_000_000);
  const us = Math.floor((nanos % 1_000_000) / 1000);
  const ns = nanos % 1000;
  if (ms) out += `${ms}ms`;
  if (us) out += `${us}µs`;
  if (ns) out += `${ns}ns`;
  return out;
}

export function rangeText(v) {
  const [lo, hi] = Array.isArray(v) ? v : [null, null];
  let s = '';
  if (lo instanceof Tagged) s += valueText(lo.value) + (lo.tag === 51 ? '>' : '');
  s += '..';
  if (hi instanceof Tagged) s += (hi.tag === 50 ? '=' : '') + valueText(hi.value);
  return s;
}

function quoteString(s) {
  if (s.includes("'") && !s.includes('"')) return JSON.stringify(s);
  return "'" + s.replace(/\\/g, '\\\\').replace(/'/g, "\\'") + "'";
}

function floatText(f) {
  if (Number.isNaN(f)) return 'NaN';
  if (!Number.isFinite(f)) return f > 0 ? 'Infinity' : '-Infinity';
  return Number.isInteger(f) ? `${f}f` : String(f);
}

/** Best-effort SurrealQL rendering of any value (used inside record keys, ranges, files). */
export function valueText(v) {
  if (v === null) return 'NULL';
  if (v === undefined) return 'NONE';
  if (typeof v === 'boolean') return String(v);
  if (typeof v === 'number' || typeof v === 'bigint') return String(v);
  if (typeof v === 'string') return quoteString(v);
  if (v instanceof Float) return floatText(v.value);
  if (v instanceof Uint8Array) return `b"${Buffer.from(v).toString('hex').toUpperCase()}"`;
  if (Array.isArray(v)) return `[${v.map(valueText).join(', ')}]`;
  if (v instanceof Map) {
    if (v.size === 0) return '{}';
    return `{ ${[...v].map(([k, x]) => `${identText(String(k))}: ${valueText(x)}`).join(', ')} }`;
  }
  if (v instanceof Tagged) {
    switch (v.tag) {
      case 6: return 'NONE';
      case 7: return identText(String(v.value));
      case 8: return recordIdText(v.value);
      case 9: return `u'${String(v.value).toLowerCase()}'`;
      case 37: return `u'${uuidToString(v.value)}'`;
      case 10: return `${v.value}dec`;
      case 0: return `d'${v.value}'`;
      case 12: return `d'${datetimeText(v.value)}'`;
      case 13: return String(v.value);
      case 14: return durationText(v.value);
      case 49: return rangeText(v.value);
      case 55: return `f"${v.value?.[0]}:${v.value?.[1]}"`;
      case 56: return `{${(v.value || []).map(valueText).join(', ')}}`;
      default: return valueText(v.value);
    }
  }
  return String(v);
}
