// GraphQL over HTTP for the soak's load and probes: one POST, and what came back, in the terms
// the tally uses. A client timeout or a broken connection is `NO_ANSWER`, not an error code.

export type GraphqlAnswer<T> =
  | { ok: true; data: T }
  /** The facade answered with errors; `data` holds whatever it resolved (null fields included). */
  | { ok: false; code: string; message: string; data?: T | null };

export const NO_ANSWER = 'NO_ANSWER';

export async function postGraphql<T>(url: string, query: string, variables: Record<string, unknown>, timeoutMs: number): Promise<GraphqlAnswer<T>> {
  let text: string;
  let status: number;
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json' },
      body: JSON.stringify({ query, variables }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    status = res.status;
    text = await res.text();
  } catch (error) {
    return { ok: false, code: NO_ANSWER, message: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
  }
  let body: { data?: T | null; errors?: { message: string; extensions?: { code?: unknown } }[] };
  try {
    body = JSON.parse(text);
  } catch {
    return { ok: false, code: NO_ANSWER, message: `HTTP ${status} with a body that is not JSON: ${text.slice(0, 120)}` };
  }
  const first = body.errors?.[0];
  if (!first && body.data) return { ok: true, data: body.data };
  return { ok: false, code: String(first?.extensions?.code ?? `HTTP_${status}`), message: first?.message ?? `HTTP ${status} without data`, data: body.data };
}
