// Who a request acts as: the configured webhook or server app, or the client's own OAuth token.
// HTTP reads headers, WebSockets read connectionParams (browsers cannot set WS headers).
import { createHash, timingSafeEqual } from 'node:crypto';
import { GraphQLError } from 'graphql';
import {
  Bitrix24AuthError, bearerCredentials, serverAppCredentials, webhookCredentials, ServerAppAuth, type BitrixClient, type Identity,
} from '../bitrix/index.js';
import type { AppConfig } from '../config.js';
import { exposeError } from '../schema/errors.js';
import { tokenStore } from './tokens.js';

/** What a client presented: `X-API-Key` and `Authorization` (or their connectionParams). */
export interface Presented {
  apiKey?: string;
  authorization?: string;
}

export type IdentityResolver = (presented: Presented) => Promise<Identity>;

export interface Identities {
  /** Each request's identity from what the client presented. */
  resolve: IdentityResolver;
  /** The facade's own identity (webhook and server-app modes), e.g. for readiness checks. */
  own?: () => Promise<Identity>;
}

/** A 401: the client must (re)authenticate; WebSockets close with 4403 instead. */
export function unauthenticated(message: string, challenge?: string): GraphQLError {
  const headers = challenge ? { 'WWW-Authenticate': challenge } : undefined;
  return new GraphQLError(message, { extensions: { code: 'UNAUTHENTICATED', http: { status: 401, headers } } });
}

export const isUnauthenticated = (error: unknown): boolean =>
  error instanceof Bitrix24AuthError || (error instanceof GraphQLError && error.extensions?.code === 'UNAUTHENTICATED');

export function fromHeaders(headers: Headers): Presented {
  return { apiKey: headers.get('x-api-key') ?? undefined, authorization: headers.get('authorization') ?? undefined };
}

export function fromConnectionParams(params: Record<string, unknown> | undefined): Presented {
  const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
  return { apiKey: text(params?.['x-api-key']) ?? text(params?.apiKey), authorization: text(params?.authorization) ?? text(params?.Authorization) };
}

/** Resolves each request's identity for the configured mode; rejections are GraphQL errors. */
export function identities(config: AppConfig, client: BitrixClient): Identities {
  const checkKey = apiKeyCheck(config.apiKeys);
  if (config.mode === 'oauth') {
    const portal = config.portalUrl!;
    const resolve: IdentityResolver = async (presented) => {
      checkKey(presented.apiKey);
      // `Bearer <token>`, or the bare token that some WebSocket clients put in connectionParams.
      const token = /^(?:Bearer\s+)?(\S+)\s*$/i.exec(presented.authorization ?? '')?.[1];
      if (!token) throw unauthenticated('An access token is required: send Authorization: Bearer <token> (WebSocket: connectionParams.authorization)', 'Bearer');
      try {
        return await client.identify(bearerCredentials(portal, token));
      } catch (error) {
        // The portal's verdict (expired_token, …) reaches the client; anything else stays masked.
        const exposed = exposeError(error);
        if (!exposed) throw error;
        if (!(error instanceof Bitrix24AuthError)) throw exposed;
        throw new GraphQLError(exposed.message, { extensions: { ...exposed.extensions, http: { status: 401, headers: { 'WWW-Authenticate': 'Bearer error="invalid_token"' } } } });
      }
    };
    return { resolve };
  }
  // One credentials object for the process (a server app's token state lives in it); the
  // client remembers the identity and asks again after a failure.
  const credentials = ownCredentials(config);
  const own = () => client.identify(credentials);
  return {
    own,
    resolve: async (presented) => {
      checkKey(presented.apiKey);
      return own();
    },
  };
}

function ownCredentials(config: AppConfig) {
  if (config.mode === 'server-app') {
    const app = config.serverApp!;
    const store = tokenStore(config.tokenFile, config.portalUrl!, app.clientId, app.refreshToken);
    const auth = new ServerAppAuth({ ...app, oauthUrl: config.oauthUrl, ...store.restore(), persist: store.persist });
    return serverAppCredentials(config.portalUrl!, auth);
  }
  if (!config.webhookUrl) throw new Error(`createApp: ${config.mode} mode needs webhookUrl (main.ts passes the sandbox's first webhook)`);
  return webhookCredentials(config.webhookUrl);
}

// Digests have equal lengths, so timingSafeEqual never throws and no key length leaks.
const digest = (value: string): Buffer => createHash('sha256').update(value).digest();

function apiKeyCheck(keys: string[]): (presented: string | undefined) => void {
  const digests = keys.map(digest);
  return (presented) => {
    if (digests.length === 0) return;
    const given = digest(presented ?? '');
    // Compare with every key so the time taken does not tell which one matched.
    const matched = digests.reduce((found, key) => timingSafeEqual(key, given) || found, false);
    if (!presented || !matched) throw unauthenticated('A valid API key is required: send X-API-Key (WebSocket: connectionParams["x-api-key"])');
  };
}
