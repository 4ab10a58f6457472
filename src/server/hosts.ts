// Which Host and Origin headers the facade answers (DESIGN §7). A page on a name that an
// attacker re-points at this machine (DNS rebinding) sends that name as Host, and its Origin
// matches it: so Host must come from an allow-list, and Origin is held against that list and
// CORS_ORIGINS, never against the request's own Host. IP-literal Hosts are always served,
// because rebinding needs a DNS name.
import { isIP } from 'node:net';

/** Paths that probes and scrapers reach by pod IP or any name; they act as no user. */
export const PROBE_PATHS: ReadonlySet<string> = new Set(['/health', '/ready', '/metrics']);

export interface Refusal {
  code: 'HOST_NOT_ALLOWED' | 'ORIGIN_NOT_ALLOWED';
  message: string;
}

export interface HostPolicy {
  /** Why this request may not be served, or null when it may. */
  refuse(request: { host?: string | null; origin?: string | null; path: string }): Refusal | null;
  /** The names served, for the startup log. */
  readonly served: string;
}

export function hostPolicy(options: { allowedHosts: readonly string[]; corsOrigins: readonly string[] }): HostPolicy {
  const names = [...LOOPBACK_NAMES, ...options.allowedHosts];
  const named = (hostname: string): boolean => names.some((pattern) => matches(pattern, hostname));
  const cors = new Set(options.corsOrigins);

  return {
    served: `${names.join(', ')} and IP literals`,
    refuse({ host, origin, path }) {
      if (PROBE_PATHS.has(path)) return null;
      const target = parseHost(host ?? '');
      if (!target) return { code: 'HOST_NOT_ALLOWED', message: `Host must be a served name or an IP address, got ${show(host)}` };
      if (!isIP(target.bare) && !named(target.hostname)) {
        return { code: 'HOST_NOT_ALLOWED', message: `Host ${target.hostname} is not served; expected one of ${names.join(', ')} or an IP address (ALLOWED_HOSTS adds names)` };
      }
      if (origin == null || origin === '') return null;
      if (cors.has(origin)) return null;
      const source = parseOrigin(origin);
      const allowed = !!source && (named(source.hostname) || isLoopbackIp(source.bare) || (isIP(source.bare) !== 0 && source.host === target.host));
      return allowed ? null : { code: 'ORIGIN_NOT_ALLOWED', message: `Origin ${show(origin)} may not call this API; expected a served name or one of CORS_ORIGINS` };
    },
  };
}

/** `localhost` and its subdomains resolve to this machine in every browser (RFC 6761). */
const LOOPBACK_NAMES = ['localhost', '*.localhost'];

interface HostParts {
  /** `name:port` or `[v6]:port`, lower-cased, without a trailing dot. */
  host: string;
  /** Without the port; IPv6 keeps its brackets. */
  hostname: string;
  /** Without the port or brackets, for isIP. */
  bare: string;
}

const HOST_HEADER = /^(\[[0-9a-f:.]+\]|[a-z0-9_.-]+)(?::(\d{1,5}))?$/;

function parseHost(value: string): HostParts | null {
  const match = HOST_HEADER.exec(value.trim().toLowerCase());
  if (!match) return null;
  const hostname = match[1].replace(/\.$/, '');
  if (hostname === '') return null;
  const host = match[2] ? `${hostname}:${match[2]}` : hostname;
  return { host, hostname, bare: hostname.replace(/^\[|\]$/g, '') };
}

function parseOrigin(value: string): HostParts | null {
  if (!/^https?:\/\//i.test(value) || !URL.canParse(value)) return null;
  return parseHost(new URL(value).host);
}

function matches(pattern: string, hostname: string): boolean {
  if (pattern.startsWith('*.')) return hostname.endsWith(pattern.slice(1)) && hostname.length > pattern.length - 1;
  return hostname === pattern;
}

const isLoopbackIp = (ip: string): boolean => ip === '::1' || (isIP(ip) === 4 && ip.startsWith('127.'));

const show = (value: string | null | undefined): string => (value == null ? 'none' : JSON.stringify(value.slice(0, 200)));
