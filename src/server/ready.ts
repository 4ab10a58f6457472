// Readiness (GET /ready): can the portal answer right now? A load balancer stops sending
// traffic on 503, so shutdown and an unreachable portal both report not ready.
import type { BitrixClient, Identity } from '../bitrix/index.js';

/** A readiness probe longer than this counts as a failure. */
export const READY_TIMEOUT_MS = 2000;

/**
 * The check behind /ready. With its own credentials the facade makes a cheap read
 * (`im.counters.get`, through the rate shaper like any call); in OAuth pass-through it has no
 * token, so any answer of the portal's REST endpoint below 500 proves it is up.
 */
export function readinessProbe(client: BitrixClient, own: (() => Promise<Identity>) | undefined, portalUrl: string | undefined): () => Promise<boolean> {
  return async () => {
    const signal = AbortSignal.timeout(READY_TIMEOUT_MS);
    // A token refresh (server-app mode) does not take the signal, so the race bounds it too.
    const timedOut = new Promise<never>((_, reject) => signal.addEventListener('abort', () => reject(signal.reason), { once: true }));
    const check = async (): Promise<boolean> => {
      if (own) {
        await client.call(await own(), 'im.counters.get', {}, { signal });
        return true;
      }
      const answer = await fetch(`${portalUrl}/rest/server.time.json`, { signal, redirect: 'manual' });
      await answer.body?.cancel();
      return answer.status < 500;
    };
    try {
      return await Promise.race([check(), timedOut]);
    } catch {
      // Not ready; the reason is in /metrics (b24_errors_total), never in this public answer.
      return false;
    }
  };
}
