// GraphQL parameters that are not what they should be: `variables` and `extensions` that are
// not JSON in a GET's query string or a form body, and JSON ones that are not objects. Each is
// the client's mistake, so it gets 400 with a GraphQL error naming the parameter, not a 500.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useTestApp } from '../support/app.js';

const app = useTestApp();

// A server fault is logged; a client's malformed request must not be.
let logged: ReturnType<typeof vi.spyOn>;
beforeEach(() => {
  logged = vi.spyOn(console, 'error');
});
afterEach(() => {
  vi.restoreAllMocks();
});

const HEADERS = { 'x-graphql-csrf': '1', accept: 'application/graphql-response+json' };
const QUERY = '{ __typename }';

async function answer(res: Response) {
  return { status: res.status, body: (await res.json()) as { data?: unknown; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> } };
}

const get = async (params: Record<string, string>) => answer(await fetch(`${app.url}?${new URLSearchParams(params)}`, { headers: HEADERS }));

const postForm = async (params: Record<string, string>) =>
  answer(await fetch(app.url, { method: 'POST', headers: { ...HEADERS, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(params).toString() }));

const postJson = async (body: string) =>
  answer(await fetch(app.url, { method: 'POST', headers: { ...HEADERS, 'content-type': 'application/json' }, body }));

describe('variables and extensions that are not JSON', () => {
  for (const parameter of ['variables', 'extensions']) {
    it(`answers a GET whose ${parameter} is not JSON with 400 naming ${parameter}`, async () => {
      const { status, body } = await get({ query: QUERY, [parameter]: '{oops' });
      expect(status).toBe(400);
      expect(body.errors).toEqual([{
        message: expect.stringMatching(new RegExp(`^The ${parameter} parameter must be a JSON object, got text that is not JSON \\(.*position 1.*\\)$`)),
        extensions: { code: 'BAD_REQUEST', parameter },
      }]);
      expect(logged).not.toHaveBeenCalled();
    });

    it(`answers a form POST whose ${parameter} is not JSON the same way`, async () => {
      const { status, body } = await postForm({ query: QUERY, [parameter]: '[1,' });
      expect(status).toBe(400);
      expect(body.errors?.[0]).toMatchObject({ message: expect.stringContaining(`The ${parameter} parameter must be a JSON object`), extensions: { code: 'BAD_REQUEST', parameter } });
      expect(logged).not.toHaveBeenCalled();
    });
  }
});

describe('variables that are JSON but not an object', () => {
  it('answers a GET whose variables is a JSON string with 400 naming variables', async () => {
    const { status, body } = await get({ query: QUERY, variables: JSON.stringify('{"skip":true}') });
    expect(status).toBe(400);
    expect(body.errors?.[0]).toMatchObject({ message: 'Expected "variables" param to be empty or an object, but given string.', extensions: { code: 'BAD_REQUEST' } });
  });

  // graphql-http's audit 4760 (MAY use 400 on a string variables parameter).
  it('answers a POST whose variables is a JSON string with 400 naming variables', async () => {
    const { status, body } = await postJson(JSON.stringify({ query: QUERY, variables: JSON.stringify({ skip: true }) }));
    expect(status).toBe(400);
    expect(body.errors?.[0]).toMatchObject({ message: 'Expected "variables" param to be empty or an object, but given string.', extensions: { code: 'BAD_REQUEST' } });
  });
});

describe('well-formed URL-encoded parameters', () => {
  const SKIPPABLE = 'query ($skip: Boolean!) { __typename @skip(if: $skip) }';

  it('runs a GET with its variables and extensions', async () => {
    expect(await get({ query: SKIPPABLE, variables: '{"skip":false}', extensions: '{}' })).toEqual({ status: 200, body: { data: { __typename: 'Query' } } });
    expect(await get({ query: SKIPPABLE, variables: '{"skip":true}' })).toEqual({ status: 200, body: { data: {} } });
  });

  it('runs a form POST with its variables and operationName', async () => {
    const query = `query Skip($skip: Boolean!) { __typename @skip(if: $skip) } query Other { __typename }`;
    expect(await postForm({ query, operationName: 'Skip', variables: '{"skip":false}' })).toEqual({ status: 200, body: { data: { __typename: 'Query' } } });
  });
});

describe('multipart bodies', () => {
  it('refuses a multipart POST with 415, since no field takes an upload, and logs nothing', async () => {
    const form = new FormData();
    form.append('operations', '{ not json');
    form.append('map', '{}');
    const res = await fetch(app.url, { method: 'POST', headers: { 'x-graphql-csrf': '1' }, body: form });
    expect(res.status).toBe(415);
    expect(logged).not.toHaveBeenCalled();
  });
});
