// Readiness (GET /ready): does the portal answer? A load balancer stops sending traffic on
// 503, so shutdown and an unreachable portal both report not ready. Probes must not cost the
// portal's budget: any answer of the portal, polls included, within READY_FRESH_MS is proof,
// and only without one does the client ask, once, through its rate shaper.
import type { BitrixClient, Identity } from '../bitrix/index.js';

/** A readiness probe longer than this counts as a failure. */
export const READY_TIMEOUT_MS = 2000;
/** How recent a portal answer proves it up. */
export const READY_FRESH_MS = 5000;

/** The check behind /ready, for the portal of `portalUrl` or, without one, of the facade's own identity. */
export function readinessProbe(client: BitrixClient, own: (() => Promise<Identity>) | undefined, portalUrl: string | undefined): () => Promise<boolean> {
  return async () => {
    try {
      const portal = portalUrl ?? (await own!()).portal;
      return await client.reachable(portal, { freshMs: READY_FRESH_MS, timeoutMs: READY_TIMEOUT_MS });
    } catch {
      // Not ready; the reason is in /metrics (b24_errors_total), never in this public answer.
      return false;
    }
  };
}
