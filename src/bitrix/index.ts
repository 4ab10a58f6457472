// The Bitrix24 client's public API. It knows nothing of GraphQL: the schema's resolvers
// translate its records, and the sandbox is just another portal to it.
export { BitrixClient, type BitrixClientOptions, type Identity } from './client.js';
export { bearerCredentials, serverAppCredentials, webhookCredentials, type Credentials, type TokenSource } from './credentials.js';
export { Bitrix24AuthError, Bitrix24Error, OperationPausedError, TransportError, UnknownOutcomeError, type TransportFailure } from './errors.js';
export type { ClientMetrics, MethodCounters } from './metrics.js';
export { DEFAULT_OAUTH_URL, OAuthRefreshError, ServerAppAuth, type OAuthTokens, type ServerAppOptions } from './oauth.js';
export { redact } from './redact.js';
export type { CallOptions, Caller, Priority, RestTime } from './types.js';
