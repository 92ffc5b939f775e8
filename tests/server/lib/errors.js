// Error objects the dev server has to produce itself (the engine makes all the
// others). Shapes follow protocol reference §1.3 (RPC) and §2.4 (HTTP bodies):
//   v3: {cause: NONE, code, details?, kind, message}  (same layout the embedded 3.x engine emits)
//   v2: {code, message}

import { NONE } from './cbor.js';

function m(obj) {
  // Map with keys in SurrealDB (BTreeMap) order.
  return new Map(Object.keys(obj).sort().filter((k) => obj[k] !== undefined).map((k) => [k, obj[k]]));
}

export function v3Error(code, kind, message, details) {
  return m({ cause: NONE, code, details, kind, message });
}

export function detail(kind, inner) {
  return inner === undefined ? m({ kind }) : m({ details: inner, kind });
}

export function v2Error(code, message) {
  return m({ code, message });
}

/** Error builders keyed by engine generation. */
export const ERRORS = {
  v3: {
    parse: () => v3Error(-32700, 'Validation', 'Parse error', detail('Parse')),
    invalidRequest: () => v3Error(-32600, 'Validation', 'Invalid request', detail('InvalidRequest')),
    methodNotFound: (name) => v3Error(-32601, 'NotFound', 'Method not found', detail('Method', m({ name }))),
    invalidParams: (msg) => v3Error(-32603, 'Validation', msg || 'Invalid params', detail('InvalidParams')),
    guest: () => v3Error(-32002, 'NotAllowed',
      'Anonymous access not allowed: Not enough permissions to perform this action',
      detail('Auth', detail('NotAllowed', m({ action: 'process', actor: 'anonymous', resource: 'query' })))),
    sessionNotFound: (id) => v3Error(-32000, 'NotFound', `Session not found: ${id}`, detail('Session', m({ id }))),
    sessionExists: (id) => v3Error(-32000, 'AlreadyExists', `Session already exists: ${id}`, detail('Session', m({ id }))),
    txnNotFound: () => v3Error(-32603, 'Validation', 'Transaction not found', detail('InvalidParams')),
    liveNotSupported: () => v3Error(-32604, 'Configuration', 'Live Query was made, but is not supported', detail('LiveQueryNotSupported')),
    internal: (msg) => v3Error(-32000, 'Internal', msg),
  },
  v2: {
    parse: () => v2Error(-32700, 'Parse error'),
    invalidRequest: () => v2Error(-32600, 'Invalid Request'),
    methodNotFound: () => v2Error(-32601, 'Method not found'),
    invalidParams: () => v2Error(-32602, 'Invalid params'),
    guest: () => v2Error(-32000, 'There was a problem with the database: IAM error: Not enough permissions to perform this action'),
    sessionNotFound: () => v2Error(-32601, 'Method not found'),
    sessionExists: () => v2Error(-32601, 'Method not found'),
    txnNotFound: () => v2Error(-32601, 'Method not found'),
    liveNotSupported: () => v2Error(-32000, 'Live Query was made, but is not supported'),
    internal: (msg) => v2Error(-32000, msg),
  },
};

/** v2 engines throw instead of returning {error}; turn the thrown text into a v2 error object. */
export function v2ErrorFromThrown(err) {
  const msg = typeof err === 'string' ? err : (err && err.message) || String(err);
  switch (msg) {
    case 'Parse error': return v2Error(-32700, 'Parse error');
    case 'Invalid request':
    case 'Invalid Request': return v2Error(-32600, 'Invalid Request');
    case 'Method not found': return v2Error(-32601, 'Method not found');
    case 'Invalid params': return v2Error(-32602, 'Invalid params');
    default: return v2Error(-32000, msg);
  }
}

// ---------------------------------------------------------------- HTTP bodies

const DESCRIPTIONS = {
  400: ['Request problems detected', 'There is a problem with your request. Refer to the documentation for further information.'],
  401: ['Authentication failed', 'Your authentication details are invalid. Reauthenticate using valid authentication parameters.'],
  403: ['Forbidden', 'Not allowed to do this.'],
  404: ['Not found', 'The requested resource was not found.'],
  413: ['Payload too large', 'The request has exceeded the maximum payload size. Refer to the documentation for the request limitations.'],
  415: ['Unsupported media type', 'The request needs to adhere to certain constraints. Refer to the documentation for supported content types.'],
  500: ['Health check failed', 'The database health check for this instance failed. There was an issue with the underlying storage engine.'],
};

/** JSON error body of the HTTP layer ({code, details, description, information?}). */
export function httpErrorBody(kind, status, information) {
  let [details, description] = DESCRIPTIONS[status] || DESCRIPTIONS[400];
  if (status === 400 && kind === 'v3') details = 'Request problems dectected'; // sic: v3 typo
  const body = { code: status, details, description };
  if (information !== undefined && status !== 415) body.information = information;
  return JSON.stringify(body);
}

/** v3 picks 401/403/400 for a failed /sql by string matching on the error text. */
export function statusForError(kind, text) {
  const t = text.toLowerCase();
  if (kind === 'v3') {
    if (t.includes('authentication') || t.includes('invalidauth')) return 401;
    if (t.includes('not allowed') || t.includes('forbidden') || t.includes('not enough permissions')) return 403;
    return 400;
  }
  if (t.includes('not enough permissions')) return 403;
  if (t.includes('problem with authentication')) return 401;
  return 400;
}
