export type { RateLimit, RunningSandbox, SandboxOptions, SeededWebhook } from './options.js';
import type { RunningSandbox, SandboxOptions } from './options.js';

export async function startSandbox(_options: SandboxOptions = {}): Promise<RunningSandbox> {
  throw new Error('not implemented yet');
}
