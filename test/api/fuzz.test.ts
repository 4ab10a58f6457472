// Fuzzing the HTTP endpoint with fast-check: random, mistyped and extreme variables for every
// mutation, malformed bodies and oversized bodies. Whatever comes in, the answer is a GraphQL
// response with 200 or 400 (413 for a body over the limit), never a 5xx, never a stack trace,
// and every error says what was wrong; the server keeps answering afterwards.
import { Agent, request } from 'node:http';
import fc from 'fast-check';
import { print, type DocumentNode } from 'graphql';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { graphql } from '../gql/index.js';
import { useTestApp } from '../support/app.js';

/** GRAPHQL_MAX_BODY_BYTES (the default, set explicitly): a few sendNotifications bodies with huge strings cross it. */
const MAX_BODY_BYTES = 1_000_000;
/** Fixed, so that a failure replays the same way. */
const SEED = 20_261_124;
const RUNS = 25;

// No rate shaping to speak of: the fuzzer sends a few hundred calls and should not wait for the bucket.
const app = useTestApp({ env: { B24_RATE_LIMIT: '100000/100000', GRAPHQL_MAX_BODY_BYTES: String(MAX_BODY_BYTES) } });

// Yoga logs every resolver error with its stack at ERR level; hundreds of fuzzed requests
// would bury the test output. The answers are what these tests check.
beforeAll(() => {
  vi.spyOn(console, 'error').mockImplementation(() => {});
});
afterAll(() => {
  vi.restoreAllMocks();
});

const UnreadCount = graphql(`query FuzzUnreadCount { unreadNotificationCount }`);
const mutations = {
  sendNotification: graphql(`
    mutation FuzzSend($input: SendNotificationInput!) { sendNotification(input: $input) { sent notificationId } }
  `),
  sendPersonalNotification: graphql(`
    mutation FuzzSendPersonal($input: SendNotificationInput!) { sendPersonalNotification(input: $input) { sent notificationId } }
  `),
  sendSystemNotification: graphql(`
    mutation FuzzSendSystem($input: SendNotificationInput!) { sendSystemNotification(input: $input) { sent notificationId } }
  `),
  sendNotifications: graphql(`
    mutation FuzzSendMany($inputs: [SendNotificationInput!]!) { sendNotifications(inputs: $inputs) { index sent notificationId error { code message } } }
  `),
  markNotificationsRead: graphql(`
    mutation FuzzMarkManyRead($ids: [ID!]!, $read: Boolean) { markNotificationsRead(ids: $ids, read: $read) { ids read unreadCount } }
  `),
  markNotificationRead: graphql(`
    mutation FuzzMarkRead($id: ID!, $read: Boolean, $scope: NotificationReadScope) { markNotificationRead(id: $id, read: $read, scope: $scope) { ids read unreadCount } }
  `),
  markAllNotificationsRead: graphql(`mutation FuzzMarkAllRead { markAllNotificationsRead { unreadCount } }`),
  answerNotification: graphql(`
    mutation FuzzAnswer($id: ID!, $text: String!) { answerNotification(id: $id, text: $text) { answered messages } }
  `),
  confirmNotification: graphql(`
    mutation FuzzConfirm($id: ID!, $value: String!) { confirmNotification(id: $id, value: $value) { confirmed messages unreadCount } }
  `),
  deleteNotifications: graphql(`
    mutation FuzzDelete($input: DeleteNotificationsInput!) { deleteNotifications(input: $input) { deleted unreadCount } }
  `),
};

// ---- arbitraries ------------------------------------------------------------------------------
// Each mutation gets variables of two sorts: well-typed ones with extreme values (so they pass
// GraphQL's coercion and reach the resolvers, the facade's checks and the portal), and
// mistyped ones (so coercion has to refuse them).

/** Any JSON value: in a typed position it is most likely the wrong type. */
const anything = fc.jsonValue({ maxDepth: 4 });

/** 1,000 to 70,000 characters, repeating a short random piece (so generation stays cheap). */
const hugeString = fc
  .tuple(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 4 }), fc.integer({ min: 1_000, max: 70_000 }))
  .map(([piece, length]) => piece.repeat(Math.ceil(length / piece.length)).slice(0, length));

const text = fc.oneof(
  fc.constantFrom('', ' ', '0', '\n', '\t \n', '[BR]', '[b]bold[/b]', '\u0000', '\ud800', '\u202e', '😀😀😀', 'null', 'undefined', '<script>alert(1)</script>', "'; DROP TABLE b_im_message; --", '%00', '../../etc/passwd', 'a'.repeat(247)),
  fc.string(),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }), // lone surrogates included
  hugeString,
);

const number = fc.oneof(
  fc.integer(),
  fc.double(), // NaN and ±Infinity serialize as null
  fc.constantFrom(-1, 0, 1, -0, 0.5, 2 ** 31, 2 ** 53 + 2, Number.MAX_SAFE_INTEGER, 1e308, -1e308),
);

/** What GraphQL accepts as an ID (strings and integers), real ids and garbage alike. */
const id = fc.oneof(
  fc.constantFrom('1', '2', '3', '-1', '0', '1e3', '0x1F', ' 7', '7 ', '99999999999999999999', '1.5', 'NaN', 'Infinity', -1, 0, 2 ** 31, 2 ** 53 + 2),
  fc.nat({ max: 5000 }).map(String),
  fc.integer(),
  text,
);

/** Absent most of the time (then `JSON.stringify` leaves the key out). */
const rarely = <T>(value: fc.Arbitrary<T>) => fc.oneof({ weight: 4, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: value });
const sometimes = <T>(value: fc.Arbitrary<T>) => fc.oneof(fc.constant(undefined), value);
const optionalBoolean = fc.constantFrom(true, false, null, undefined);

/** Nested `depth` levels of objects, arrays or both. */
function nested(depth: number, shape: 'object' | 'array' | 'mixed'): unknown {
  let value: unknown = { MESSAGE: 'leaf' };
  for (let level = 0; level < depth; level++) {
    const asArray = shape === 'array' || (shape === 'mixed' && level % 2 === 0);
    value = asArray ? [value] : { BLOCKS: value };
  }
  return value;
}

// Deep enough to hurt a recursive walk, while the body stays far below the size limit. (Depths
// of several thousand levels are checked on their own in the last describe block.)
const deep = fc
  .tuple(fc.integer({ min: 10, max: 2_000 }), fc.constantFrom<'object' | 'array' | 'mixed'>('object', 'array', 'mixed'))
  .map(([depth, shape]) => nested(depth, shape));

const attachBlocks = fc.array(
  fc.oneof(
    fc.record({ MESSAGE: text }),
    fc.record({ LINK: fc.record({ NAME: text, LINK: text }, { requiredKeys: [] }) }),
    fc.record({ DELIMITER: fc.record({ SIZE: number, COLOR: text }, { requiredKeys: [] }) }),
    fc.dictionary(fc.string({ maxLength: 8 }), anything, { maxKeys: 4 }),
  ),
  { maxLength: 6 },
);
/** The JSON scalar takes any value. */
const attach = fc.oneof(attachBlocks, fc.record({ ID: number, COLOR: text, BLOCKS: attachBlocks }, { requiredKeys: [] }), deep, anything, hugeString);

const sendInput = fc.record({
  userId: fc.oneof(fc.constantFrom('1', '2', '3', 2), id),
  message: text,
  messageOut: sometimes(text),
  kind: fc.constantFrom(undefined, null, 'PERSONAL', 'SYSTEM'),
  // Webhook mode refuses tags before anything else, so most inputs leave them out.
  tag: rarely(text),
  subTag: rarely(text),
  attach: sometimes(attach),
});

/** The same fields with values of any JSON type, some left out. */
const mistypedSendInput = fc.record(
  { userId: anything, message: anything, messageOut: anything, kind: anything, tag: anything, subTag: anything, attach: anything, unknownField: anything },
  { requiredKeys: [] },
);

/** Well-typed variables most of the time; otherwise mistyped ones. */
const mostlyTyped = (typed: fc.Arbitrary<Record<string, unknown>>, mistyped: fc.Arbitrary<Record<string, unknown>>) =>
  fc.oneof({ weight: 3, arbitrary: typed }, { weight: 1, arbitrary: mistyped });
const anyVariables = (...names: string[]) => fc.record(Object.fromEntries(names.map((name) => [name, anything])), { requiredKeys: [] });

const sendVariables = mostlyTyped(fc.record({ input: sendInput }), fc.oneof(anyVariables('input'), fc.record({ input: mistypedSendInput })));

const variables: Record<keyof typeof mutations, fc.Arbitrary<Record<string, unknown>>> = {
  sendNotification: sendVariables,
  sendPersonalNotification: sendVariables,
  sendSystemNotification: sendVariables,
  sendNotifications: mostlyTyped(
    fc.record({ inputs: fc.array(sendInput, { maxLength: 6 }) }),
    fc.oneof(anyVariables('inputs'), fc.record({ inputs: fc.array(fc.oneof(sendInput, mistypedSendInput, anything), { maxLength: 6 }) })),
  ),
  markNotificationsRead: mostlyTyped(fc.record({ ids: fc.array(id, { maxLength: 60 }), read: optionalBoolean }), anyVariables('ids', 'read')),
  markNotificationRead: mostlyTyped(
    fc.record({ id, read: optionalBoolean, scope: fc.constantFrom('ONLY_THIS', 'THIS_AND_NEWER', null, undefined) }),
    anyVariables('id', 'read', 'scope'),
  ),
  // No variables of its own: whatever is sent must be ignored.
  markAllNotificationsRead: fc.dictionary(fc.string({ maxLength: 10 }), anything, { maxKeys: 3 }),
  answerNotification: mostlyTyped(fc.record({ id, text }), anyVariables('id', 'text')),
  confirmNotification: mostlyTyped(fc.record({ id, value: text }), anyVariables('id', 'value')),
  deleteNotifications: mostlyTyped(
    fc.record({
      input: fc.oneof(
        fc.record({ ids: fc.array(id, { maxLength: 10 }) }),
        fc.record({ tag: text, clientId: sometimes(text) }),
        fc.record({ subTag: text, clientId: sometimes(text) }),
        fc.record({ ids: sometimes(fc.array(id, { maxLength: 10 })), tag: sometimes(text), subTag: sometimes(text), clientId: sometimes(text) }),
      ),
    }),
    fc.oneof(anyVariables('input'), fc.record({ input: anyVariables('ids', 'tag', 'subTag', 'clientId') })),
  ),
};

// ---- requests and checks ----------------------------------------------------------------------

interface Answer {
  status: number;
  contentType: string;
  text: string;
  body: any;
}

async function post(body: string | Uint8Array): Promise<Answer> {
  const res = await fetch(app.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
    body: typeof body === 'string' ? body : new Uint8Array(body),
  });
  const text = await res.text();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  return { status: res.status, contentType: res.headers.get('content-type') ?? '', text, body: parsed };
}

const describeRequest = (body: string | Uint8Array): string => {
  const shown = typeof body === 'string' ? body : `<${body.length} bytes>`;
  return shown.length > 400 ? `${shown.slice(0, 400)}… (${shown.length} characters)` : shown;
};

// What a stack trace or an internal path looks like in a response.
const STACK_TRACE = /\n\s+at |\bat (?:async )?[\w$.<>[\]]+ \((?:file:|node:|\/)|node_modules|\/work\/|\.ts:\d+:\d+/;

/**
 * A well-formed GraphQL answer: JSON with data and/or errors; each error has a message and, when
 * it comes from a resolver, a code; nothing internal leaks.
 */
function expectGraphQLAnswer(answer: Answer, request: string): void {
  const context = `request: ${request}\nanswer: ${answer.status} ${answer.text.slice(0, 1000)}`;
  expect(answer.contentType, context).toMatch(/^application\/(graphql-response\+)?json/);
  expect(answer.body, context).toBeTypeOf('object');
  expect(answer.body, context).not.toBeNull();
  expect(Object.keys(answer.body).every((key) => ['data', 'errors', 'extensions'].includes(key)), context).toBe(true);
  if (answer.status === 400) {
    expect(answer.body.data, context).toBeUndefined();
    expect(answer.body.errors?.length, context).toBeGreaterThan(0);
  } else {
    expect('data' in answer.body, context).toBe(true);
  }
  for (const error of answer.body.errors ?? []) {
    expect(error.message, context).toBeTypeOf('string');
    expect(error.message.trim(), context).not.toBe('');
    expect(error, context).not.toHaveProperty('stack');
    expect(error.extensions ?? {}, context).not.toHaveProperty('stack');
    if (error.path) {
      // A resolver's error: ours, so it carries a code (and often the field). A masked
      // "Unexpected error." means bad input reached code that did not expect it.
      expect(error.extensions?.code, context).toBeTypeOf('string');
      expect(error.extensions.code, context).not.toBe('INTERNAL_SERVER_ERROR');
    } else {
      // A request error (variables, document, body): graphql-js names the variable, yoga gives a code.
      expect(typeof error.extensions?.code === 'string' || /\$\w+/.test(error.message), context).toBe(true);
    }
  }
  expect(answer.text, context).not.toMatch(STACK_TRACE);
}

async function expectStillAnswering(): Promise<void> {
  const reply = await app.request(UnreadCount);
  expect(reply.status).toBe(200);
  expect(reply).toMatchObject({ data: { unreadNotificationCount: expect.any(Number) } });
}

// ---- properties ---------------------------------------------------------------------------------

describe('every mutation under random variables', () => {
  for (const [index, [name, document]] of (Object.entries(mutations) as Array<[keyof typeof mutations, DocumentNode]>).entries()) {
    it(`${name} answers 200 or 400 with a clear GraphQL error for any variables, and the server keeps answering`, async () => {
      const query = print(document);
      await fc.assert(
        fc.asyncProperty(variables[name], async (vars) => {
          const body = JSON.stringify({ query, variables: vars });
          const answer = await post(body);
          const request = describeRequest(body);
          if (Buffer.byteLength(body) > MAX_BODY_BYTES) {
            expect(answer.status, `request: ${request}`).toBe(413);
          } else {
            expect([200, 400], `request: ${request}\nanswer: ${answer.status} ${answer.text.slice(0, 1000)}`).toContain(answer.status);
          }
          expectGraphQLAnswer(answer, request);
        }),
        { numRuns: RUNS, seed: SEED + index },
      );
      await expectStillAnswering();
    });
  }
});

describe('malformed bodies', () => {
  const validBody = JSON.stringify({ query: print(UnreadCount) });
  const malformed = fc.oneof(
    fc.string({ maxLength: 200 }).filter((s) => !isJsonObjectWithQuery(s)),
    fc.string({ unit: 'binary', maxLength: 200 }).filter((s) => !isJsonObjectWithQuery(s)),
    fc.integer({ min: 0, max: validBody.length - 1 }).map((cut) => validBody.slice(0, cut)),
    fc.constantFrom('', 'null', '[]', '{}', '"query"', '{"query": 5}', '{"query": null}', '{"query": ["{ viewer { id } }"]}', `[${validBody}]`, `${validBody}}`, `${validBody.slice(0, -1)},}`, '{"query": "{ viewer { id } }", "variables": "x"}', '{"query": "{ viewer { id } }", "variables": [1]}', '{"query": "{ viewer { id } }", "extensions": 5}', '{"query": "{ viewer { id } }", "operationName": 5}', '{"query": "query A { viewer { id } } query B { viewer { id } }"}', '{"query": "{ viewer { id } }", "operationName": "Nope"}', '\ufeff{}'),
    anything.filter((value) => typeof value !== 'object' || value === null || Array.isArray(value) || !('query' in value)).map((value) => JSON.stringify(value)),
  );

  it('answers 400 with a GraphQL error to any body that is not a GraphQL request', async () => {
    await fc.assert(
      fc.asyncProperty(malformed, async (body) => {
        const answer = await post(body);
        expect(answer.status, `request: ${describeRequest(body)}\nanswer: ${answer.status} ${answer.text}`).toBe(400);
        expectGraphQLAnswer(answer, describeRequest(body));
      }),
      { numRuns: 100, seed: SEED },
    );
    await expectStillAnswering();
  });

  it('answers 400 with a GraphQL error to bodies of arbitrary bytes, including invalid UTF-8', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 1, maxLength: 300 }), async (bytes) => {
        const answer = await post(bytes);
        expect(answer.status, `answer: ${answer.status} ${answer.text}`).toBe(400);
        expectGraphQLAnswer(answer, describeRequest(bytes));
      }),
      { numRuns: 50, seed: SEED },
    );
    await expectStillAnswering();
  });
});

/** Whether `text` is a JSON object with a `query` key (then it may well be a valid request). */
function isJsonObjectWithQuery(text: string): boolean {
  try {
    const value = JSON.parse(text);
    return typeof value === 'object' && value !== null && 'query' in value;
  } catch {
    return false;
  }
}

describe('the body size limit', () => {
  /** A valid request of exactly `bytes` bytes, padded with an unused variable. */
  const requestOfSize = (bytes: number): string => {
    const empty = JSON.stringify({ query: print(UnreadCount), variables: { padding: '' } });
    return JSON.stringify({ query: print(UnreadCount), variables: { padding: 'x'.repeat(bytes - empty.length) } });
  };
  const normalBody = JSON.stringify({ query: print(UnreadCount) });

  // One keep-alive socket per test, so that the request after a refusal goes over the same
  // connection (unless the server closed it, which is fine too).
  const agents: Agent[] = [];
  afterAll(() => agents.forEach((agent) => agent.destroy()));
  const oneSocket = (): Agent => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    agents.push(agent);
    return agent;
  };

  it('runs a request of exactly the limit', async () => {
    const body = requestOfSize(MAX_BODY_BYTES);
    expect(Buffer.byteLength(body)).toBe(MAX_BODY_BYTES);
    const answer = await post(body);
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ data: { unreadNotificationCount: expect.any(Number) } });
  });

  it('refuses a body one byte over the limit with 413 and a GraphQL error, and the connection serves the next request', async () => {
    const agent = oneSocket();
    const answer = await httpPost(agent, requestOfSize(MAX_BODY_BYTES + 1));
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.text)).toEqual({ errors: [expect.objectContaining({ message: expect.any(String) })] });
    expect(answer.text).not.toMatch(STACK_TRACE);

    const next = await httpPost(agent, normalBody);
    expect(next.status).toBe(200);
    expect(JSON.parse(next.text)).toEqual({ data: { unreadNotificationCount: expect.any(Number) } });
  });

  it('refuses a chunked body (no Content-Length) that grows over the limit with 413 and a GraphQL error', async () => {
    const answer = await httpPost(oneSocket(), 'chunked');
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.text)).toEqual({ errors: [expect.objectContaining({ message: expect.any(String) })] });
    expect(answer.text).not.toMatch(STACK_TRACE);
    await expectStillAnswering();
  });

  it('answers the next request on a keep-alive connection after refusing a chunked body over the limit', async () => {
    const agent = oneSocket();
    const refused = await httpPost(agent, 'chunked');
    expect(refused.status).toBe(413);
    // Either the server closes the connection (the agent then opens a new one) or it keeps
    // reading it; a connection kept alive but no longer read would leave this request hanging.
    const next = await httpPost(agent, normalBody);
    expect(next.status).toBe(200);
    expect(JSON.parse(next.text)).toEqual({ data: { unreadNotificationCount: expect.any(Number) } });
  });
});

/**
 * A POST over node:http through `agent`. 'chunked' streams a request body without
 * Content-Length that keeps growing until the server answers (at most three times the limit).
 */
function httpPost(agent: Agent, body: string | 'chunked'): Promise<{ status: number; text: string }> {
  return new Promise((done, fail) => {
    const headers: Record<string, string | number> = { 'content-type': 'application/json', accept: 'application/graphql-response+json' };
    if (body !== 'chunked') headers['content-length'] = Buffer.byteLength(body);
    let answered = false;
    const req = request(app.url, { method: 'POST', agent, headers }, (res) => {
      answered = true;
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => done({ status: res.statusCode ?? 0, text }));
      res.on('error', fail);
    });
    req.on('error', fail);
    if (body !== 'chunked') return void req.end(body);

    req.write('{"query":"{ unreadNotificationCount }","variables":{"padding":"');
    const chunk = 'x'.repeat(64 * 1024);
    let sent = 0;
    const pump = (): void => {
      while (!answered && sent < 3 * MAX_BODY_BYTES) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once('drain', pump);
      }
      req.end('"}}');
    };
    pump();
  });
}

describe('attachments nested thousands of levels deep', () => {
  // Built as text: JSON.stringify itself runs out of stack on such values.
  const deepAttachBody = (depth: number) =>
    `{"query":${JSON.stringify(print(mutations.sendNotification))},"variables":{"input":{"userId":"2","message":"deep","attach":${'{"BLOCKS":'.repeat(depth)}1${'}'.repeat(depth)}}}}`;

  it('refuses attachments nested 5,000 and 50,000 levels deep with a coded error, not an unexpected one', async () => {
    for (const depth of [5_000, 50_000]) {
      const body = deepAttachBody(depth);
      expect(Buffer.byteLength(body)).toBeLessThan(MAX_BODY_BYTES);
      const answer = await post(body);
      expect([200, 400]).toContain(answer.status);
      expectGraphQLAnswer(answer, describeRequest(body));
      expect(answer.body.errors?.[0]?.extensions?.code, `depth ${depth}`).toBeTypeOf('string');
    }
    await expectStillAnswering();
  });
});

describe('texts that are not well-formed UTF-16 (a lone surrogate)', () => {
  // JSON carries them (as \ud800), GraphQL's String accepts them; the facade must either pass
  // them on or refuse them with a code. The property tests above find these too; here each
  // mutation that takes text is checked on its own.
  const lone = 'before \ud800 after';
  const cases: Array<[string, DocumentNode, Record<string, unknown>]> = [
    ['sendNotification (message)', mutations.sendNotification, { input: { userId: '2', message: lone, messageOut: lone, attach: [{ MESSAGE: lone }] } }],
    ['sendNotifications (two inputs)', mutations.sendNotifications, { inputs: [{ userId: '2', message: lone }, { userId: '2', message: 'well-formed' }] }],
    ['answerNotification (text)', mutations.answerNotification, { id: '1', text: lone }],
    ['confirmNotification (value)', mutations.confirmNotification, { id: '1', value: lone }],
    ['deleteNotifications (tag)', mutations.deleteNotifications, { input: { tag: lone, clientId: 'fuzz' } }],
    ['deleteNotifications (clientId)', mutations.deleteNotifications, { input: { subTag: 'fuzz', clientId: lone } }],
  ];

  for (const [label, document, vars] of cases) {
    it(`${label} answers a lone surrogate with a result or a coded error, never an unexpected one`, async () => {
      const body = JSON.stringify({ query: print(document), variables: vars });
      const answer = await post(body);
      expect([200, 400]).toContain(answer.status);
      expectGraphQLAnswer(answer, describeRequest(body));
    });
  }
});
