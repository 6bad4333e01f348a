#!/usr/bin/env node
// Size budget of the web UI's first screen: the JavaScript and CSS a browser loads to show the
// login page, gzip-compressed, against a ceiling of 350 KB.
//
// What counts: the files index.html names (its module script, modulepreload and stylesheet links)
// and, following the Vite manifest (web/dist/.vite/manifest.json), their static imports and CSS,
// plus the login route's own chunk (loaded on demand by the router) with its static imports and
// CSS. Dynamic imports of other pages are not counted.
//
// Usage: node scripts/web-budget.mjs [web/dist]   (make bench runs it when present)
// Exit code: 0 within the ceiling, 1 over it or when the build is missing.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';

const CEILING_KB = 350;
const LOGIN_SOURCE = 'src/views/login/LoginView.vue';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.resolve(process.argv[2] ?? path.join(repo, 'web/dist'));
const manifestFile = path.join(dist, '.vite/manifest.json');
const indexFile = path.join(dist, 'index.html');

if (!fs.existsSync(manifestFile) || !fs.existsSync(indexFile)) {
  console.log(`web budget: no build at ${path.relative(repo, dist) || dist} (run make web first)`);
  process.exit(1);
}

const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8'));
const html = fs.readFileSync(indexFile, 'utf8');

const files = new Set();
const why = new Map();
function add(file, reason) {
  const f = file.replace(/^\//, '');
  if (!/\.(js|mjs|css)$/.test(f)) return;
  if (!files.has(f)) why.set(f, reason);
  files.add(f);
}

// 1. What index.html loads by itself.
for (const m of html.matchAll(/<script[^>]*\ssrc="([^"]+)"/g)) add(m[1], 'index.html script');
for (const m of html.matchAll(/<link[^>]*>/g)) {
  const tag = m[0];
  const rel = /\srel="([^"]+)"/.exec(tag)?.[1] ?? '';
  const href = /\shref="([^"]+)"/.exec(tag)?.[1];
  if (href && /stylesheet|modulepreload/.test(rel)) add(href, `index.html ${rel}`);
}

// 2. Static imports and CSS of the entry and of the login route's chunk, through the manifest.
const seen = new Set();
function walk(key, reason) {
  if (seen.has(key)) return;
  seen.add(key);
  const chunk = manifest[key];
  if (!chunk) return;
  add(chunk.file, reason);
  for (const css of chunk.css ?? []) add(css, `${reason} css`);
  for (const imp of chunk.imports ?? []) walk(imp, reason.endsWith(" import") ? reason : `${reason} import`);
}
for (const [key, chunk] of Object.entries(manifest)) if (chunk.isEntry) walk(key, 'entry');
if (manifest[LOGIN_SOURCE]) walk(LOGIN_SOURCE, 'login route');
else console.log(`note: ${LOGIN_SOURCE} is not in the manifest; counting the entry only`);

// 3. Sizes.
const rows = [];
for (const f of files) {
  const p = path.join(dist, f);
  if (!fs.existsSync(p)) continue;
  const data = fs.readFileSync(p);
  rows.push({ file: f, raw: data.length, gzip: zlib.gzipSync(data, { level: 9 }).length, why: why.get(f) });
}
rows.sort((a, b) => b.gzip - a.gzip);
const kb = (n) => (n / 1024).toFixed(1);
const total = rows.reduce((s, r) => ({ raw: s.raw + r.raw, gzip: s.gzip + r.gzip }), { raw: 0, gzip: 0 });
const js = rows.filter((r) => /\.m?js$/.test(r.file)).reduce((s, r) => s + r.gzip, 0);
const css = rows.filter((r) => r.file.endsWith('.css')).reduce((s, r) => s + r.gzip, 0);
const ratio = total.gzip / 1024 / CEILING_KB;

const width = Math.max(...rows.map((r) => r.file.length), 10);
console.log('web budget: JavaScript and CSS loaded by the login page');
console.log(`  ${'file'.padEnd(width)}  ${'raw KiB'.padStart(9)}  ${'gzip KiB'.padStart(9)}  loaded as`);
for (const r of rows) {
  console.log(`  ${r.file.padEnd(width)}  ${kb(r.raw).padStart(9)}  ${kb(r.gzip).padStart(9)}  ${r.why}`);
}
console.log(`  ${'total'.padEnd(width)}  ${kb(total.raw).padStart(9)}  ${kb(total.gzip).padStart(9)}  ${rows.length} files`);
console.log('');
console.log(`login_page_js_gzip_kib    ${kb(js)}`);
console.log(`login_page_css_gzip_kib   ${kb(css)}`);
console.log(`login_page_total_gzip_kib ${kb(total.gzip)}`);
console.log(`ceiling_kib               ${CEILING_KB}`);
console.log(`ratio                     ${ratio.toFixed(3)} (${ratio <= 1 ? 'within budget' : 'OVER BUDGET'})`);
process.exit(ratio <= 1 ? 0 : 1);
