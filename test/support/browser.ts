// Debian's headless Chromium through playwright-core, for tests that open a page.
import { type Browser, chromium } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
// Without the background-networking flags Chromium keeps dialling Google's hosts, which the
// loopback checks would (rightly) count. playwright-core gives each launch a fresh profile.
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Launches Chromium; a missing browser fails with a message that says how to get it. */
export async function launchChromium(): Promise<Browser> {
  try {
    return await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, timeout: 30_000 });
  } catch (err) {
    throw new Error(`Chromium did not start from ${CHROMIUM} (Debian package "chromium"; CI installs it): ${(err as Error).message}`);
  }
}

/** Whether a URL the page requested stayed on this machine (blob: and data: never leave it). */
export function isLoopback(address: string): boolean {
  const url = new URL(address);
  if (url.protocol === 'blob:' || url.protocol === 'data:') return true;
  return ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
}
