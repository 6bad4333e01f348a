// Generates the typed API client's types from the server's own OpenAPI document:
//   anxin openapi --data-dir <tmp>  ->  src/api/openapi.json  ->  src/api/schema.d.ts
//                                                            ->  src/api/limits.ts (api-limits.mjs)
// The binary is ANXIN_BIN (the Makefile and CTest pass the one of the preset being built), else
// the newer of the release and dev builds. All outputs are generated files (git-ignored).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { limitsModule } from './api-limits.mjs';

const webDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const repoDir = path.resolve(webDir, '..');
const outJson = path.join(webDir, 'src/api/openapi.json');
const outTypes = path.join(webDir, 'src/api/schema.d.ts');
const outLimits = path.join(webDir, 'src/api/limits.ts');

function findBinary() {
  if (process.env.ANXIN_BIN) return fs.existsSync(process.env.ANXIN_BIN) ? path.resolve(process.env.ANXIN_BIN) : null;
  const built = ['build/release/src/cli/anxin', 'build/dev/src/cli/anxin']
    .map((p) => path.join(repoDir, p))
    .filter((p) => fs.existsSync(p))
    .sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs);
  return built[0] ?? null;
}

const bin = findBinary();
if (!bin) {
  console.error('[gen-api] no anxin binary: set ANXIN_BIN or build the server first (make build-release)');
  process.exit(1);
}

// The command wants a data directory (it opens the configuration like every command); a throwaway one.
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'anxin-openapi-'));
let doc;
try {
  const env = { ...process.env, ASAN_OPTIONS: process.env.ASAN_OPTIONS ?? 'detect_leaks=0' };
  for (const k of Object.keys(env)) if (k.startsWith('ANXIN_')) delete env[k];
  doc = execFileSync(bin, ['openapi', '--data-dir', dataDir], {
    env,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 64 * 1024 * 1024,
  });
} catch (e) {
  console.error(`[gen-api] ${bin} openapi failed (exit ${e.status}):\n${e.stderr ?? ''}`);
  process.exitCode = 1;
} finally {
  fs.rmSync(dataDir, { recursive: true, force: true });
}
if (process.exitCode) process.exit();

const parsed = JSON.parse(doc);
const paths = Object.keys(parsed.paths ?? {});
if (paths.length === 0) {
  console.error('[gen-api] the OpenAPI document has no paths');
  process.exit(1);
}
const text = JSON.stringify(parsed, null, 2) + '\n';
function writeIfChanged(file, content) {
  if (!fs.existsSync(file) || fs.readFileSync(file, 'utf8') !== content) fs.writeFileSync(file, content);
}
writeIfChanged(outJson, text);
writeIfChanged(outLimits, limitsModule(parsed));

const cli = path.join(webDir, 'node_modules/openapi-typescript/bin/cli.js');
execFileSync(process.execPath, [cli, outJson, '-o', outTypes, '--empty-objects-unknown', '--alphabetize'], {
  stdio: ['ignore', 'ignore', 'inherit'],
});
console.log(`[gen-api] ${paths.length} paths from ${path.relative(repoDir, bin)} -> src/api/schema.d.ts, src/api/limits.ts`);
