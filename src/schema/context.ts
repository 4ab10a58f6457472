// What every resolver gets: the request's identity and a caller bound to it.
import type { Caller, Identity } from '../bitrix/index.js';
import type { NotifyApi } from '../bitrix/notify.js';
import type { LiveHub } from '../live/hub.js';

export interface Context {
  identity: Identity;
  /** Bound to the identity; identical reads of one operation are asked once. */
  caller: Caller;
  notify: NotifyApi;
  /** Tags only work for OAuth applications, so webhook mode refuses them (spec D.0.1). */
  mode: 'webhook' | 'oauth';
  /** Most complexity an operation may have (Pothos complexity). */
  maxComplexity: number;
  /** The per-identity watchers behind subscriptions. */
  live: LiveHub;
  /** The operation's deadline: `signal` aborts when it passes; `caller` already passes it to every call. */
  deadline: { readonly signal?: AbortSignal };
}
