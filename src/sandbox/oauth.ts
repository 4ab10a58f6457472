// /oauth/token/: the sandbox's stand-in for Bitrix24's OAuth server (oauth.bitrix.info).
// Only `grant_type=refresh_token` is served; a refresh rotates the refresh token.
import { issueTokens } from './directory.js';
import type { Portal } from './portal.js';

export interface OAuthReply {
  status: number;
  body: Record<string, unknown>;
}

/** Answers a token request from its merged query/body parameters. */
export function tokenEndpoint(portal: Portal, params: Record<string, unknown>): OAuthReply {
  const state = portal.state;
  const now = portal.now();
  if (params.grant_type !== 'refresh_token') {
    return fail(400, 'unsupported_grant_type', 'Only grant_type=refresh_token is supported by the sandbox');
  }
  const app = state.apps[String(params.client_id ?? '')];
  if (!app || app.clientSecret !== params.client_secret) return fail(401, 'invalid_client', 'Invalid client credentials');

  const refresh = state.refreshTokens[String(params.refresh_token ?? '')];
  if (!refresh || refresh.clientId !== app.clientId || refresh.expires <= now) {
    return fail(400, 'invalid_grant', 'Invalid refresh token');
  }
  delete state.refreshTokens[refresh.token];
  const body = issueTokens(state, { clientId: app.clientId, userId: refresh.userId, scopes: refresh.scopes }, now, portal.url);
  return { status: 200, body };
}

const fail = (status: number, error: string, description: string): OAuthReply => ({
  status,
  body: { error, error_description: description },
});
