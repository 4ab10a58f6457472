// Test helper: a throw-away self-signed certificate for serving the sandbox over https.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** A PEM key and certificate, in the shape `startSandbox({ tls })` takes. */
export interface TlsPair {
  key: string;
  /** Self-signed; also what a client passes as its `ca` to trust the server. */
  cert: string;
}

/**
 * Makes a fresh self-signed certificate for `127.0.0.1` and `localhost` with the `openssl` CLI
 * (P-256 key, valid for one day), in a private temp directory that is removed before returning.
 */
export async function makeTlsPair(): Promise<TlsPair> {
  const dir = await mkdtemp(join(tmpdir(), 'b24-sandbox-tls-'));
  const keyPath = join(dir, 'key.pem');
  const certPath = join(dir, 'cert.pem');
  try {
    try {
      await run(
        'openssl',
        [
          'req', '-x509',
          '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1',
          '-nodes',
          '-keyout', keyPath,
          '-out', certPath,
          '-days', '1',
          '-subj', '/CN=localhost',
          '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost',
        ],
        { timeout: 15_000 },
      );
    } catch (error) {
      const err = error as NodeJS.ErrnoException & { stderr?: string };
      if (err.code === 'ENOENT') {
        throw new Error('makeTlsPair: the `openssl` CLI is not on the PATH (install openssl to run the https tests)');
      }
      throw new Error(`makeTlsPair: openssl failed: ${err.stderr?.trim() || err.message}`);
    }
    const [key, cert] = await Promise.all([readFile(keyPath, 'utf8'), readFile(certPath, 'utf8')]);
    if (!key.includes('PRIVATE KEY') || !cert.includes('BEGIN CERTIFICATE')) {
      throw new Error('makeTlsPair: openssl did not write a PEM key and certificate');
    }
    return { key, cert };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
