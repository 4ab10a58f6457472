// `npm run sandbox`: the sandbox portal alone, configured from the environment.
import { sandboxOptionsFromEnv } from './env.js';
import { startSandbox } from './index.js';
import type { SandboxOptions } from './options.js';

async function main(): Promise<void> {
  let options: SandboxOptions;
  try {
    options = sandboxOptionsFromEnv(process.env);
  } catch (error) {
    console.error(`sandbox: ${(error as Error).message}`);
    process.exit(2);
  }
  const sandbox = await startSandbox(options);
  console.log(`sandbox portal listening on ${sandbox.url}`);
  for (const hook of sandbox.webhooks) console.log(`webhook user ${hook.userId}: ${hook.url}`);
  const stop = () => void sandbox.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

await main();
