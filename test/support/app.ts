// Test harness: a sandbox portal plus the GraphQL server pointed at it, both on free ports.
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import { afterAll, beforeAll } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createApp } from '../../src/server.js';
import type { SandboxOptions } from '../../src/sandbox/index.js';
import { type TestSandbox, startTestSandbox } from './sandbox.js';

export interface GraphQLReply<T> {
  status: number;
  data?: T | null;
  errors?: Array<{ message: string; path?: string[]; extensions?: Record<string, any> }>;
}

export interface TestApp {
  sandbox: TestSandbox;
  /** The GraphQL endpoint, e.g. http://127.0.0.1:41234/graphql. */
  url: string;
  /** Demo users with webhooks; the app acts as the first. */
  webhooks: Array<{ userId: number; secret: string; url: string }>;
  request<T, V>(document: TypedDocumentNode<T, V>, variables?: V, headers?: Record<string, string>): Promise<GraphQLReply<T>>;
  close(): Promise<void>;
}

/** Boots the demo sandbox and a webhook-mode app acting as its first user. */
export async function startTestApp(options: { sandbox?: SandboxOptions; env?: Record<string, string> } = {}): Promise<TestApp> {
  const sandbox = await startTestSandbox({ seed: 'demo', ...options.sandbox });
  const { webhooks } = await sandbox.admin('POST', 'reset', { seed: 'demo' });
  const app = createApp(loadConfig({ B24_WEBHOOK_URL: webhooks[0].url, PORT: '0', ...options.env }));
  const base = await app.listen();
  const url = `${base}/graphql`;
  return {
    sandbox,
    url,
    webhooks,
    async request(document, variables, headers = {}) {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
        body: JSON.stringify({ query: print(document), variables }),
      });
      return { status: res.status, ...((await res.json()) as object) };
    },
    async close() {
      await app.close(100);
      await sandbox.close();
    },
  };
}

/** A test app for the enclosing file, started in beforeAll and closed in afterAll. */
export function useTestApp(options: Parameters<typeof startTestApp>[0] = {}): TestApp {
  let current: TestApp | undefined;
  beforeAll(async () => {
    current = await startTestApp(options);
  }, 30_000);
  afterAll(async () => {
    await current?.close();
  });
  return new Proxy({} as TestApp, {
    get(_target, key) {
      if (!current) throw new Error(`useTestApp: the app starts in beforeAll, but ${String(key)} was read before it`);
      return Reflect.get(current, key);
    },
  });
}
