// The client's counters as Prometheus text (exposition format 0.0.4). Labels carry method
// names, error codes and portal origins only, never a webhook URL or token.
import type { ClientMetrics } from '../bitrix/index.js';

export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

type Sample = [labels: Record<string, string>, value: number];

const escape = (value: string): string => value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');

function family(name: string, type: 'counter' | 'gauge', help: string, samples: Sample[]): string {
  const lines = [`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`];
  for (const [labels, value] of samples) {
    const text = Object.entries(labels).map(([k, v]) => `${k}="${escape(v)}"`).join(',');
    lines.push(`${name}${text ? `{${text}}` : ''} ${Number.isFinite(value) ? value : 0}`);
  }
  return lines.join('\n');
}

/** Renders `client.metrics()` for a Prometheus scrape. */
export function prometheusText(metrics: ClientMetrics): string {
  const methods = Object.entries(metrics.methods).sort(([a], [b]) => a.localeCompare(b));
  const errors: Sample[] = methods.flatMap(([method, c]) => Object.entries(c.errors).map(([code, n]): Sample => [{ method, code }, n]));
  const retries = methods.reduce((sum, [, c]) => sum + c.retries, 0);
  return [
    family('b24_requests_total', 'counter', 'Bitrix24 REST calls made through the client, by method (batched or direct).', methods.map(([method, c]) => [{ method }, c.calls])),
    family('b24_http_requests_total', 'counter', 'HTTP requests sent to the portal (direct calls and batches).', [[{}, metrics.requests]]),
    family('b24_retries_total', 'counter', 'Calls sent again after a network error, 5xx or rate limit.', [[{}, retries]]),
    family('b24_errors_total', 'counter', 'Failed calls by method and Bitrix24 error code or transport failure.', errors),
    family('b24_batch_requests_total', 'counter', 'batch requests sent.', [[{}, metrics.batches.requests]]),
    family('b24_batch_commands_total', 'counter', 'Commands carried by batch requests.', [[{}, metrics.batches.commands]]),
    family('b24_rate_limited_total', 'counter', 'QUERY_LIMIT_EXCEEDED (HTTP 503) answers seen.', [[{}, metrics.rateLimited]]),
    family('b24_bucket_level', 'gauge', "The portal's leaky bucket as the client mirrors it, by portal origin.", Object.entries(metrics.bucketLevel).map(([portal, level]) => [{ portal }, level])),
    family('b24_operating_seconds', 'gauge', 'Last time.operating the portal reported, by method.', methods.map(([method, c]) => [{ method }, c.operating])),
  ].join('\n') + '\n';
}
