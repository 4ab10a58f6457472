// SANDBOX_* environment variables -> sandbox options, with errors that name the variable.
import { readFileSync } from 'node:fs';
import { zoneOffsetMinutes } from './clock.js';
import { parseRateLimit } from './fixture-input.js';
import type { SandboxOptions } from './options.js';

/** Reads SANDBOX_* variables; a bad value stops startup with a message naming the variable. */
export function sandboxOptionsFromEnv(env: NodeJS.ProcessEnv): SandboxOptions {
  const options: SandboxOptions = { port: 4100 };
  if (env.SANDBOX_PORT !== undefined) {
    const port = Number(env.SANDBOX_PORT);
    if (!/^\d+$/.test(env.SANDBOX_PORT) || port > 65535) throw new Error(`SANDBOX_PORT must be 0..65535, got ${JSON.stringify(env.SANDBOX_PORT)}`);
    options.port = port;
  }
  if (env.SANDBOX_HOST) options.host = env.SANDBOX_HOST;
  if (env.SANDBOX_RATE_LIMIT !== undefined) {
    try {
      options.rateLimit = parseRateLimit(env.SANDBOX_RATE_LIMIT);
    } catch {
      throw new Error(`SANDBOX_RATE_LIMIT must be X/Y (e.g. 50/2) or off, got ${JSON.stringify(env.SANDBOX_RATE_LIMIT)}`);
    }
  }
  if (env.SANDBOX_TIMEZONE) {
    try {
      zoneOffsetMinutes(env.SANDBOX_TIMEZONE, Date.now());
    } catch {
      throw new Error(`SANDBOX_TIMEZONE must be an IANA name or an offset like +03:00, got ${JSON.stringify(env.SANDBOX_TIMEZONE)}`);
    }
    options.timeZone = env.SANDBOX_TIMEZONE;
  }
  if (env.SANDBOX_SEED !== undefined) {
    if (env.SANDBOX_SEED !== 'demo' && env.SANDBOX_SEED !== 'empty') throw new Error(`SANDBOX_SEED must be demo or empty, got ${JSON.stringify(env.SANDBOX_SEED)}`);
    options.seed = env.SANDBOX_SEED;
  }
  if (env.SANDBOX_ACTIVITY_MS !== undefined) {
    const ms = Number(env.SANDBOX_ACTIVITY_MS);
    if (!Number.isInteger(ms) || ms < 0) throw new Error(`SANDBOX_ACTIVITY_MS must be an integer >= 0, got ${JSON.stringify(env.SANDBOX_ACTIVITY_MS)}`);
    options.activityIntervalMs = ms;
  }
  if (env.SANDBOX_TLS_CERT || env.SANDBOX_TLS_KEY) {
    if (!env.SANDBOX_TLS_CERT || !env.SANDBOX_TLS_KEY) throw new Error('SANDBOX_TLS_CERT and SANDBOX_TLS_KEY must be set together');
    options.tls = { cert: readFileSync(env.SANDBOX_TLS_CERT), key: readFileSync(env.SANDBOX_TLS_KEY) };
  }
  return options;
}
