// Fails when src/generated/graphql.ts is not what GraphQL Code Generator makes from schema/
// today, so a schema change cannot land without its regenerated types.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const committedPath = 'src/generated/graphql.ts';
const dir = mkdtempSync(join(tmpdir(), 'codegen-check-'));
const config = readFileSync('codegen.yml', 'utf8').replace(committedPath, join(dir, 'graphql.ts'));
const configPath = join(dir, 'codegen.yml');
writeFileSync(configPath, config);
try {
  execFileSync('npx', ['graphql-codegen', '--config', configPath, '--silent'], { stdio: ['ignore', 'ignore', 'inherit'] });
  const fresh = readFileSync(join(dir, 'graphql.ts'), 'utf8');
  let committed = '';
  try {
    committed = readFileSync(committedPath, 'utf8');
  } catch {
    // reported below as drift
  }
  if (fresh !== committed) {
    console.error(`codegen:check: ${committedPath} is out of date with schema/*.graphql.\nRun \`npm run codegen\` and commit the result.`);
    process.exit(1);
  }
  console.log(`codegen:check: ${committedPath} matches schema/`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
