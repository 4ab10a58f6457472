// Fails when schema.graphql or test/gql/ differ from what codegen makes of the current schema.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const fresh = mkdtempSync(join(tmpdir(), 'codegen-'));
try {
  execFileSync('npx', ['graphql-codegen', '--config', 'codegen.ts', '--silent'], { env: { ...process.env, CODEGEN_OUT_DIR: fresh }, stdio: ['ignore', 'ignore', 'inherit'] });
  const files = ['schema.graphql', ...readdirSync(join(fresh, 'test/gql')).map((f) => `test/gql/${f}`)];
  const stale = files.filter((f) => !existsSync(f) || readFileSync(f, 'utf8') !== readFileSync(join(fresh, f), 'utf8'));
  if (stale.length > 0) {
    console.error(`codegen: stale generated files: ${stale.join(', ')}. Run \`npm run codegen\` and commit the result.`);
    process.exit(1);
  }
  console.log(`codegen: ${files.length} generated files are fresh`);
} finally {
  rmSync(fresh, { recursive: true, force: true });
}
