// Shared vocabulary of the Bitrix24 client. Nothing here knows about GraphQL.

/** Interactive calls (a user is waiting) go before background ones (polling). */
export type Priority = 'interactive' | 'background';

export interface CallOptions {
  /** @default 'interactive' */
  priority?: Priority;
  /** Aborts waiting and the HTTP request; an aborted call rejects with an AbortError. */
  signal?: AbortSignal;
}

/** A client bound to one identity: every call runs as that portal user. */
export interface Caller {
  call<T = unknown>(method: string, params?: Record<string, unknown>, options?: CallOptions): Promise<T>;
}

/** The `time` object of a REST answer (spec A.6). */
export interface RestTime {
  start: number;
  finish: number;
  duration: number;
  processing: number;
  date_start: string;
  date_finish: string;
  operating_reset_at?: number;
  operating?: number;
}
