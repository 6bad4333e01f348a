import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import zhCN from '@/locales/zh-CN';

// Templates take any string in $t(), so a mistyped or misplaced key would only show up as the key
// itself on screen: every literal key used in the sources must exist.

type Tree = { [k: string]: string | Tree };

function has(tree: Tree, dotted: string): boolean {
  let cur: string | Tree | undefined = tree;
  for (const part of dotted.split('.')) {
    if (cur === undefined || typeof cur === 'string') return false;
    cur = cur[part];
  }
  return typeof cur === 'string';
}

function sources(dir: string, out: string[] = []): string[] {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) sources(p, out);
    else if (/\.(vue|ts)$/.test(e.name) && !e.name.endsWith('.d.ts') && !p.includes(`${path.sep}locales${path.sep}`)) out.push(p);
  }
  return out;
}

describe('message keys used in the sources', () => {
  it('exist in zh-CN (and so in en-US)', () => {
    const src = path.resolve(__dirname, '../../src');
    const missing: string[] = [];
    for (const file of sources(src)) {
      const text = fs.readFileSync(file, 'utf8');
      for (const m of text.matchAll(/\b(?:\$t|t|te)\(\s*'([a-zA-Z][\w-]*(?:\.[\w-]+)+)'/g)) {
        if (!has(zhCN as unknown as Tree, m[1])) missing.push(`${path.relative(src, file)}: ${m[1]}`);
      }
      // Route and menu titles
      for (const m of text.matchAll(/title: '((?:menu|login)\.[\w.]+)'/g)) {
        if (!has(zhCN as unknown as Tree, m[1])) missing.push(`${path.relative(src, file)}: ${m[1]}`);
      }
    }
    expect(missing).toEqual([]);
  });
});
