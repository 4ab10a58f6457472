// The portal's clock and time zone. Everything time-dependent (token expiry, the leaky
// bucket, operating windows, notification dates) reads this clock, so tests move it forward
// instead of sleeping.

export class Clock {
  private offsetMs = 0;

  constructor(private zone: string) {
    zoneOffsetMinutes(zone, Date.now()); // fail fast on an unknown zone
  }

  /** Portal time in milliseconds since the epoch. */
  nowMs(): number {
    // performance.now() keeps the microseconds that `time.finish` reports.
    return performance.timeOrigin + performance.now() + this.offsetMs;
  }

  /** Portal time in (fractional) Unix seconds. */
  now(): number {
    return this.nowMs() / 1000;
  }

  advance(seconds: number): void {
    this.offsetMs += seconds * 1000;
  }

  reset(): void {
    this.offsetMs = 0;
  }

  get timeZone(): string {
    return this.zone;
  }

  set timeZone(zone: string) {
    zoneOffsetMinutes(zone, Date.now());
    this.zone = zone;
  }

  /** PHP `date('c')` in the portal zone: `2026-03-03T09:00:00+03:00`. */
  format(unixSeconds: number): string {
    const ms = Math.floor(unixSeconds) * 1000;
    const offset = zoneOffsetMinutes(this.zone, ms);
    const local = new Date(ms + offset * 60_000).toISOString().slice(0, 19);
    const sign = offset < 0 ? '-' : '+';
    const abs = Math.abs(offset);
    return `${local}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
  }
}

const pad = (n: number): string => String(n).padStart(2, '0');
const FIXED = /^([+-])(\d{2}):?(\d{2})$/;

/** Offset of `zone` from UTC at the instant `ms`, in minutes. Throws on an unknown zone. */
export function zoneOffsetMinutes(zone: string, ms: number): number {
  const fixed = FIXED.exec(zone);
  if (fixed) return (fixed[1] === '-' ? -1 : 1) * (Number(fixed[2]) * 60 + Number(fixed[3]));
  if (zone === 'UTC' || zone === 'Z') return 0;
  const name = offsetFormat(zone)
    .formatToParts(ms)
    .find((p) => p.type === 'timeZoneName')?.value;
  const match = /GMT([+-])(\d{1,2}):?(\d{2})?/.exec(name ?? '');
  if (!match) return 0; // "GMT" alone
  return (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3] ?? 0));
}

// Building an Intl.DateTimeFormat costs far more than formatting with one, and every date of
// every answer goes through here: without the cache it was over half of an im.notify.get.
const formats = new Map<string, Intl.DateTimeFormat>();

function offsetFormat(zone: string): Intl.DateTimeFormat {
  let format = formats.get(zone);
  if (!format) {
    try {
      format = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' });
    } catch {
      throw new Error(`time zone must be an IANA name or an offset like +03:00, got ${JSON.stringify(zone)}`);
    }
    formats.set(zone, format);
  }
  return format;
}
