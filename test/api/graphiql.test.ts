// GraphiQL in a real browser (Debian's headless Chromium through playwright-core): it loads
// with nothing from outside loopback, and a query and a mutation typed into it reach the sandbox.
import { mkdirSync } from 'node:fs';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, startTestApp } from '../support/app.js';
import { isLoopback, launchChromium } from '../support/browser.js';

const ARTIFACTS = 'test-artifacts';
// The page inlines GraphiQL and Monaco (about 9 MB of script); parsing it takes a while.
const EDITOR_TIMEOUT = 20_000;
const RESULT_TIMEOUT = 15_000;

const QUERY = '{ unreadNotificationCount notifications(first: 3) { edges { node { id text } } } }';
const MUTATION = 'mutation { sendSystemNotification(input: { userId: "2", message: "from graphiql" }) { sent notificationId } }';

let app: TestApp;
let browser: Browser;
let context: BrowserContext;
let page: Page;
/** Every URL the browser asked for: requests of the page and its workers, and WebSockets. */
const requested: string[] = [];

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  app = await startTestApp();
  browser = await launchChromium();
  context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  context.on('request', (request) => requested.push(request.url()));
  page = await context.newPage();
  page.on('websocket', (socket) => requested.push(socket.url()));
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

/** Replaces the operation in GraphiQL's (Monaco) editor with `text`, then prettifies it. */
async function typeOperation(text: string): Promise<void> {
  const editor = page.locator('.graphiql-query-editor .monaco-editor');
  await editor.locator('.view-lines').click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Delete');
  // One input event: no per-key auto-closing brackets or completion pop-ups.
  await page.keyboard.insertText(text);
  await page.keyboard.press('Escape');
  const firstField = /\{\s*(\w+)/.exec(text)![1];
  await editor.locator('.view-lines', { hasText: firstField }).waitFor({ timeout: 5_000 });
  // Only for a readable screenshot: one long line would leave the editor scrolled sideways.
  await page.getByRole('button', { name: /^Prettify query/ }).click();
  await editor.locator('.view-line').nth(1).waitFor({ timeout: 5_000 });
}

/** Runs the operation in the editor; resolves with the JSON the server answered. */
async function run(trigger: 'button' | 'keyboard'): Promise<any> {
  const answered = page.waitForResponse(
    (res) => res.url() === app.url && res.request().method() === 'POST' && !(res.request().postData() ?? '').includes('IntrospectionQuery'),
    { timeout: RESULT_TIMEOUT },
  );
  if (trigger === 'button') await page.locator('.graphiql-execute-button').click();
  else {
    // The shortcut is bound inside the editors, so the focus has to be there.
    await page.locator('.graphiql-query-editor .view-lines').click();
    await page.keyboard.press('ControlOrMeta+Enter');
  }
  return (await answered).json();
}

/** Waits until GraphiQL's result pane shows `text`. */
const resultShows = (text: string) => page.locator('.graphiql-response .view-lines', { hasText: text }).waitFor({ timeout: RESULT_TIMEOUT });

describe('GraphiQL in a browser', () => {
  it('loads offline and shows the sandbox\'s notifications for a typed query', async () => {
    await page.goto(app.url, { waitUntil: 'load', timeout: EDITOR_TIMEOUT });
    await page.locator('.graphiql-query-editor .monaco-editor').waitFor({ timeout: EDITOR_TIMEOUT });

    await typeOperation(QUERY);
    const reply = await run('button');

    expect(reply.errors).toBeUndefined();
    const texts: string[] = reply.data.notifications.edges.map((e: any) => e.node.text);
    // The demo seed puts the viewer's confirm notification (a meeting invitation) first.
    expect(texts[0]).toContain('Q3 pipeline review');
    await resultShows('Q3 pipeline review');
    await resultShows(`"unreadNotificationCount": ${reply.data.unreadNotificationCount}`);
    await page.screenshot({ path: `${ARTIFACTS}/graphiql-query.png` });

    expect(requested.length).toBeGreaterThan(0);
    expect(requested.filter((url) => !isLoopback(url))).toEqual([]);
  }, 60_000);

  it('runs a mutation whose effect reaches the sandbox, still without leaving loopback', async () => {
    await typeOperation(MUTATION);
    const reply = await run('keyboard');

    expect(reply.errors).toBeUndefined();
    expect(reply.data.sendSystemNotification.sent).toBe(true);
    await resultShows(`"notificationId": "${reply.data.sendSystemNotification.notificationId}"`);
    await page.screenshot({ path: `${ARTIFACTS}/graphiql.png` });

    const { notifications } = await app.sandbox.admin('GET', 'notifications?userId=2');
    expect(notifications.map((n: { message: string }) => n.message)).toContain('from graphiql');
    expect(requested.filter((url) => !isLoopback(url))).toEqual([]);
  }, 60_000);
});
