// Server-app mode persists every rotated token pair (the refresh token is single use), so a
// restart continues with the newest pair instead of the spent B24_REFRESH_TOKEN.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { chmod, rename, writeFile } from 'node:fs/promises';
import type { OAuthTokens } from '../bitrix/index.js';

interface Stored extends OAuthTokens {
  portal: string;
  clientId: string;
  /** Digest of the B24_REFRESH_TOKEN the chain started from: a new one means re-authorised. */
  seed: string;
}

export interface TokenStore {
  /** The persisted pair, when it belongs to this portal, app and B24_REFRESH_TOKEN. */
  restore(): Partial<Pick<OAuthTokens, 'accessToken' | 'expiresAt' | 'refreshToken'>>;
  persist(tokens: OAuthTokens): Promise<void>;
}

const seedOf = (refreshToken: string): string => createHash('sha256').update(refreshToken).digest('base64url');

export function tokenStore(file: string, portal: string, clientId: string, initialRefreshToken: string): TokenStore {
  const seed = seedOf(initialRefreshToken);
  return {
    restore() {
      let stored: Partial<Stored>;
      try {
        stored = JSON.parse(readFileSync(file, 'utf8')) as Partial<Stored>;
      } catch {
        return {}; // no file yet, or unreadable: start from B24_REFRESH_TOKEN
      }
      if (stored.portal !== portal || stored.clientId !== clientId || stored.seed !== seed || typeof stored.refreshToken !== 'string') return {};
      const access = typeof stored.accessToken === 'string' && typeof stored.expiresAt === 'number' ? { accessToken: stored.accessToken, expiresAt: stored.expiresAt } : {};
      return { refreshToken: stored.refreshToken, ...access };
    },
    async persist(tokens) {
      const stored: Stored = { ...tokens, portal, clientId, seed };
      // Write then rename, so a crash never leaves half a file; 0600 because it holds secrets.
      const temp = `${file}.${process.pid}.tmp`;
      await writeFile(temp, `${JSON.stringify(stored, null, 2)}\n`, { mode: 0o600 });
      await chmod(temp, 0o600);
      await rename(temp, file);
    },
  };
}
