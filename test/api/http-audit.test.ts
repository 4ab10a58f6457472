// GraphQL over HTTP conformance: graphql-http's server audits against the real server, one
// test per audit. MUST-level failures (`error`) fail the test; SHOULD/MAY findings (`warn`,
// `notice`) are logged.
import { serverAudits } from 'graphql-http';
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../support/app.js';

const app = useTestApp();

// CSRF prevention is on, so a GET without `x-graphql-csrf` is refused with 403 before it is
// executed. Real clients (and GraphiQL) send that header on every request, and so do the
// audits here: without it the GET audits 5A70, D6D5 and 6A70 come back as notices about the
// CSRF refusal instead of checking how GET requests are executed. Nothing else about the
// audit requests is changed; the last test below checks that CSRF prevention is still on.
const fetchWithCsrfHeader = (input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> => {
  const headers = new Headers(init.headers);
  headers.set('x-graphql-csrf', '1');
  return fetch(input, { ...init, headers });
};

describe('GraphQL over HTTP audits (graphql-http)', () => {
  for (const audit of serverAudits({ url: () => app.url, fetchFn: fetchWithCsrfHeader })) {
    it(`${audit.id}: ${audit.name}`, async () => {
      const result = await audit.fn();
      if (result.status === 'error') throw new Error(`${audit.id} ${audit.name}: ${result.reason} (HTTP ${result.response.status})`);
      if (result.status === 'warn' || result.status === 'notice') console.warn(`[${result.status}] ${audit.id} ${audit.name}: ${result.reason}`);
    });
  }
});

describe('CSRF prevention under the audits', () => {
  it('still refuses a GET query without the x-graphql-csrf header, and runs it with the header', async () => {
    const target = `${app.url}?query=${encodeURIComponent('{ unreadNotificationCount }')}`;
    const accept = { accept: 'application/graphql-response+json' };
    const refused = await fetch(target, { headers: accept });
    expect(refused.status).toBe(403);
    expect(await refused.json()).toEqual({ errors: [{ message: expect.stringMatching(/CSRF/) }] });

    const allowed = await fetch(target, { headers: { ...accept, 'x-graphql-csrf': '1' } });
    expect(allowed.status).toBe(200);
    expect(await allowed.json()).toEqual({ data: { unreadNotificationCount: expect.any(Number) } });
  });
});
