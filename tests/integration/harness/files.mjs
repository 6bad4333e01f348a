// Files answered by the server: raw downloads and what is inside them (external tools, when installed).

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fsp from 'node:fs/promises';
import path from 'node:path';

import { uniq } from './fixtures.mjs';

/** Runs an external tool; its stdout, or null when it is not installed. */
export function tool(cmd, args, input) {
  const r = spawnSync(cmd, args, { input, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.error?.code === 'ENOENT') return null;
  assert.equal(r.status, 0, `${cmd} ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout;
}

/** GET returning the raw bytes and headers. */
export async function fetchBytes(c, p, headers = {}) {
  const res = await fetch(c.base + p, { headers: { Cookie: c.cookie, ...headers } });
  return { status: res.status, headers: res.headers, body: Buffer.from(await res.arrayBuffer()) };
}

/** sharedStrings.xml + sheet1.xml of a workbook (written to `dir` to read it); null without python3. */
export async function xlsxXml(bytes, dir) {
  const file = path.join(dir, `e-${uniq('')}.xlsx`);
  await fsp.writeFile(file, bytes);
  return tool('python3', [
    '-c',
    "import sys,zipfile; z=zipfile.ZipFile(sys.argv[1]); sys.stdout.write(z.read('xl/sharedStrings.xml').decode() + z.read('xl/worksheets/sheet1.xml').decode())",
    file,
  ]);
}
