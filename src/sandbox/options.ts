/** How many requests the per-IP leaky bucket admits: a burst of `burst`, draining `drainPerSecond`. */
export interface RateLimit {
  burst: number;
  drainPerSecond: number;
}

export interface SandboxOptions {
  /** TCP port; `0` picks a free one. @default 0 */
  port?: number;
  /** Listen address. @default '127.0.0.1' */
  host?: string;
  /** Leaky bucket per client IP, or `'off'`. @default { burst: 50, drainPerSecond: 2 } */
  rateLimit?: RateLimit | 'off';
  /** Portal time zone: an IANA name or a fixed offset like `+03:00`. @default 'Europe/Moscow' */
  timeZone?: string;
  /** `demo` seeds users, webhooks and notifications; `empty` seeds nothing. @default 'demo' */
  seed?: 'demo' | 'empty';
  /** When > 0, a demo notification is sent every that many milliseconds. @default 0 */
  activityIntervalMs?: number;
  /** Operating-time budget per method and app/webhook in a 10-minute window, seconds. @default 480 */
  operatingLimitSeconds?: number;
  /** The text `im.notify.answer` reports for modules without a handler. @default 'Your reply has been sent.' */
  answerText?: string;
  /** Largest request body accepted, in bytes. @default 1048576 */
  maxBodyBytes?: number;
  /** Serve https with this PEM key and certificate. @default undefined (plain http) */
  tls?: { key: string | Buffer; cert: string | Buffer };
}

export interface SeededWebhook {
  userId: number;
  secret: string;
  url: string;
}

export interface RunningSandbox {
  /** Base URL without a trailing slash, e.g. `http://127.0.0.1:41234`. */
  url: string;
  port: number;
  /** Webhooks of the seeded users (empty for the `empty` seed). */
  webhooks: SeededWebhook[];
  close(): Promise<void>;
}
