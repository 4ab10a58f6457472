// `npm start`: read the environment, start the embedded sandbox when no portal is configured,
// serve the API and drain on SIGINT/SIGTERM (a second signal stops at once).
import { ConfigError, isLoopback, loadConfig, type AppConfig } from './config.js';
import { startSandbox } from './sandbox/index.js';
import { createApp } from './server.js';
import { hostPolicy } from './server/hosts.js';

async function main(): Promise<void> {
  let config: AppConfig;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`config: ${error.message}`);
    process.exit(2);
  }

  const sandbox = config.mode === 'sandbox' ? await startSandbox({ port: 0, seed: 'demo', activityIntervalMs: 5000 }) : undefined;
  if (sandbox) config = { ...config, webhookUrl: sandbox.webhooks[0].url };

  const app = createApp(config);
  let url: string;
  try {
    url = await app.listen();
  } catch (error) {
    console.error(`listen: cannot listen on ${config.host}:${config.port} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); set PORT or HOST`);
    await sandbox?.close();
    process.exit(1);
  }
  console.log(`GraphiQL: ${url}/graphql`);
  if (sandbox) {
    console.log(`sandbox portal: ${sandbox.url}`);
    for (const hook of sandbox.webhooks) console.log(`sandbox webhook user ${hook.userId}: ${hook.url}`);
  } else {
    console.log(`mode: ${config.mode}`);
  }
  if (!isLoopback(config.host) && config.allowedHosts.length === 0) {
    // Reachable from other machines, yet only these names pass the Host check (DNS rebinding).
    const { served } = hostPolicy({ allowedHosts: config.allowedHosts, corsOrigins: config.corsOrigins });
    console.log(`hosts: HOST is ${config.host}; serving the Host names ${served}; ALLOWED_HOSTS adds names`);
  }

  const stop = (signal: NodeJS.Signals) => {
    console.log(`shutdown: ${signal}, draining for up to ${config.shutdownGraceMs} ms (SHUTDOWN_GRACE_MS)`);
    void app
      .close(config.shutdownGraceMs)
      .then(() => sandbox?.close())
      .then(() => process.exit(0), (error: unknown) => {
        console.error(`shutdown: ${error instanceof Error ? error.message : String(error)}`);
        process.exit(1);
      });
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

await main();
