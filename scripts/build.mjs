// `npm run build`: the production build. Compiles src/ and resolvers/ to plain JavaScript in
// dist/ (tsc with tsconfig.build.json, which rewrites the sources' `.ts` import specifiers to
// `.js`) and copies schema/*.graphql to dist/schema/, where the compiled
// src/server/createSchema.js looks for them (`../../schema` from its own file, as the source
// does from src/server/). `node dist/src/server/main.js` then runs with the production
// dependencies alone: no tsx, no TypeScript. Plain Node on purpose: it runs in the Dockerfile's
// build stage too.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');

// A clean slate: a JavaScript file left by a source deleted since the last build would still
// load in production.
rmSync(dist, { recursive: true, force: true });

const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
try {
  execFileSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit', cwd: root });
} catch {
  // tsc has printed its errors; with noEmitOnError nothing was written.
  console.error('build: tsc failed (errors above); dist/ was not written');
  process.exit(1);
}

const schemaOut = join(dist, 'schema');
mkdirSync(schemaOut, { recursive: true });
const schemaFiles = readdirSync(join(root, 'schema')).filter((f) => f.endsWith('.graphql'));
for (const f of schemaFiles) copyFileSync(join(root, 'schema', f), join(schemaOut, f));
console.log(`build: dist/ holds the compiled src/ and resolvers/ and ${schemaFiles.length} schema files; run it with \`npm run start:prod\``);
