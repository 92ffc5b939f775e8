// The pinned official JavaScript SDK (npm `surrealdb`, see package.json), as
// the scripts here and in tests/bench use it. Node < 22 has no global
// WebSocket: the SDK then needs an implementation, and gets the `ws` package
// (pinned too), the one Node users pass in that case.
import { Surreal } from 'surrealdb';
import WebSocket from 'ws';

export * from 'surrealdb';

/** The WebSocket implementation remote connections use. */
export const websocketImpl = globalThis.WebSocket ?? WebSocket;
/** Its name, for reports: "global WebSocket" or "ws <version>". */
export const websocketName = globalThis.WebSocket ? 'global WebSocket' : 'ws package';

/** A Surreal instance for remote (ws://, http://) connections. */
export function remoteSurreal(options = {}) {
  return new Surreal({ websocketImpl, ...options });
}
