// A subscription run from GraphiQL in a real browser (Debian's headless Chromium through
// playwright-core): GraphiQL speaks graphql-ws to /graphql, and a notification sent meanwhile
// shows up in its result pane, with nothing requested outside loopback.
import { mkdirSync } from 'node:fs';
import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, startTestApp } from '../support/app.js';
import { isLoopback, launchChromium } from '../support/browser.js';

const ARTIFACTS = 'test-artifacts';
// The page inlines GraphiQL and Monaco (about 9 MB of script); parsing it takes a while.
const EDITOR_TIMEOUT = 20_000;
const RESULT_TIMEOUT = 10_000;
const SUBSCRIPTION = 'subscription { notificationEvents { __typename ... on NotificationAdded { notification { text } } } }';

let app: TestApp;
let browser: Browser;
let page: Page;
/** Every URL the browser asked for: requests of the page and its workers, and WebSockets. */
const requested: string[] = [];
/** Text frames the page sent over its WebSockets. */
const sentFrames: string[] = [];

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  // A drain of 20/s lets the 150 ms poll interval apply.
  app = await startTestApp({ env: { B24_POLL_INTERVAL_MS: '150', B24_RATE_LIMIT: '50/20' } });
  browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  context.on('request', (request) => requested.push(request.url()));
  page = await context.newPage();
  page.on('websocket', (socket) => {
    requested.push(socket.url());
    socket.on('framesent', (frame) => {
      if (typeof frame.payload === 'string') sentFrames.push(frame.payload);
    });
  });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(done: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(20);
  }
}

describe('GraphiQL subscriptions in a browser', () => {
  it('shows a notification sent while a notificationEvents subscription runs, without leaving loopback', async () => {
    await page.goto(app.url, { waitUntil: 'load', timeout: EDITOR_TIMEOUT });
    const editor = page.locator('.graphiql-query-editor .monaco-editor');
    await editor.waitFor({ timeout: EDITOR_TIMEOUT });

    // One input event: no per-key auto-closing brackets or completion pop-ups.
    await editor.locator('.view-lines').click();
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.press('Delete');
    await page.keyboard.insertText(SUBSCRIPTION);
    await page.keyboard.press('Escape');
    await editor.locator('.view-lines', { hasText: 'notificationEvents' }).waitFor({ timeout: 5_000 });
    await page.getByRole('button', { name: /^Prettify query/ }).click();
    await editor.locator('.view-line').nth(1).waitFor({ timeout: 5_000 });

    await page.locator('.graphiql-execute-button').click();
    // GraphiQL subscribes over graphql-ws; then the watcher needs its first look as a baseline.
    await until(() => sentFrames.some((f) => f.includes('"subscribe"') && f.includes('notificationEvents')), 'GraphiQL to send its subscribe frame', RESULT_TIMEOUT);
    await sleep(800);

    const text = `seen in graphiql ${Date.now()}`;
    const sent = await app.sandbox.call({ webhook: app.webhooks[1] }, 'im.notify.personal.add', { USER_ID: app.webhooks[0].userId, MESSAGE: text });
    expect(sent.body.result, sent.text).toBeTypeOf('number');

    await page.locator('.graphiql-response .view-lines', { hasText: text }).waitFor({ timeout: RESULT_TIMEOUT });
    await page.locator('.graphiql-response .view-lines', { hasText: 'NotificationAdded' }).waitFor({ timeout: RESULT_TIMEOUT });
    await page.screenshot({ path: `${ARTIFACTS}/graphiql-subscription.png` });

    expect(requested.some((url) => url.startsWith('ws://'))).toBe(true);
    expect(requested.filter((url) => !isLoopback(url))).toEqual([]);
  }, 60_000);
});
