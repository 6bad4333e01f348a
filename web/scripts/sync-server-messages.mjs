// Copies the server's error messages (src/platform/http/messages/<locale>.json, keyed like
// "identity.user_not_found") into the errors.* block of src/locales/<locale>/errors.ts, between
// the server-messages markers. Run it after the server gains or changes a message:
//   npm run sync:messages
// The unit tests fail while a server key has no translation here.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const webDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const serverDir = path.resolve(webDir, '../src/platform/http/messages');
const BEGIN = '// server-messages:begin';
const END = '// server-messages:end';

/** A JS string literal that vue-i18n reads back as the same text ({placeholders} kept). */
function literal(text) {
  const escaped = text.replace(/[@|]/g, (c) => `{'${c}'}`);
  return `'${escaped.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

for (const locale of ['zh-CN', 'en-US']) {
  const messages = JSON.parse(fs.readFileSync(path.join(serverDir, `${locale}.json`), 'utf8'));
  const groups = new Map();
  for (const [key, text] of Object.entries(messages)) {
    const dot = key.indexOf('.');
    const group = key.slice(0, dot);
    if (!groups.has(group)) groups.set(group, []);
    groups.get(group).push([key.slice(dot + 1), text]);
  }
  const indent = '    ';
  let block = `${indent}${BEGIN} (scripts/sync-server-messages.mjs; do not edit by hand)\n`;
  for (const [group, entries] of groups) {
    block += `${indent}${group}: {\n`;
    for (const [name, text] of entries) block += `${indent}  ${/^[A-Za-z_$][\w$]*$/.test(name) ? name : `'${name}'`}: ${literal(text)},\n`;
    block += `${indent}},\n`;
  }
  block += `${indent}${END}\n`;

  const file = path.join(webDir, 'src/locales', locale, 'errors.ts');
  const source = fs.readFileSync(file, 'utf8');
  const start = source.indexOf(`${indent}${BEGIN}`);
  const end = source.indexOf(`${END}\n`);
  if (start < 0 || end < 0) throw new Error(`${file}: server-messages markers not found`);
  const next = source.slice(0, start) + block + source.slice(end + END.length + 1);
  if (next !== source) fs.writeFileSync(file, next);
  console.log(`[sync-server-messages] ${locale}: ${Object.keys(messages).length} messages`);
}
