import fs from 'node:fs';
import path from 'node:path';
import { baseCompile } from '@intlify/message-compiler';
import { describe, expect, it } from 'vitest';
import enUS from '@/locales/en-US';
import zhCN from '@/locales/zh-CN';

type Tree = { [k: string]: string | Tree };

function keys(tree: Tree, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([k, v]) => {
    const p = prefix ? `${prefix}.${k}` : k;
    return typeof v === 'string' ? [p] : keys(v, p);
  });
}

function get(tree: Tree, dotted: string): string | Tree | undefined {
  let cur: string | Tree | undefined = tree;
  for (const part of dotted.split('.')) {
    if (cur === undefined || typeof cur === 'string') return undefined;
    cur = cur[part];
  }
  return cur;
}

function serverMessages(locale: string): Record<string, string> {
  const file = path.resolve(__dirname, '../../../src/platform/http/messages', `${locale}.json`);
  return JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, string>;
}

const zh = zhCN as unknown as Tree;
const en = enUS as unknown as Tree;

describe('locales', () => {
  it('zh-CN and en-US have exactly the same keys, nested ones included', () => {
    const a = keys(zh).sort();
    const b = keys(en).sort();
    expect(a.filter((k) => !b.includes(k))).toEqual([]);
    expect(b.filter((k) => !a.includes(k))).toEqual([]);
    expect(a.length).toBeGreaterThan(300);
  });

  it('each top-level key comes from one area file only', () => {
    for (const [name, areas, merged] of [
      ['zh-CN', import.meta.glob<{ default: Tree }>('@/locales/zh-CN/*.ts', { eager: true }), zh],
      ['en-US', import.meta.glob<{ default: Tree }>('@/locales/en-US/*.ts', { eager: true }), en],
    ] as const) {
      const defined = Object.entries(areas)
        .filter(([file]) => !file.endsWith('/index.ts'))
        .flatMap(([, m]) => Object.keys(m.default));
      expect(defined.length, name).toBe(Object.keys(merged).length);
      expect(new Set(defined).size, name).toBe(defined.length);
    }
  });

  it('no message is empty and every one compiles (no stray @ { } | )', () => {
    for (const [name, tree] of [
      ['zh-CN', zh],
      ['en-US', en],
    ] as const) {
      for (const k of keys(tree)) {
        const text = get(tree, k) as string;
        expect(text.trim(), `${name} ${k}`).not.toBe('');
        const errors: string[] = [];
        baseCompile(text, { jit: true, onError: (e) => errors.push(e.message) } as Parameters<typeof baseCompile>[1]);
        expect(errors, `${name} ${k}: ${text}`).toEqual([]);
      }
    }
  });

  it('a message has the same placeholders in both languages', () => {
    const names = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const k of keys(zh)) {
      expect(names(get(en, k) as string), k).toEqual(names(get(zh, k) as string));
    }
  });

  it('every error key the server sends has a translation under errors.*', () => {
    for (const locale of ['zh-CN', 'en-US']) {
      const server = serverMessages(locale);
      const ours = locale === 'zh-CN' ? zh : en;
      for (const [key, text] of Object.entries(server)) {
        const mine = get(ours, `errors.${key}`);
        expect(typeof mine, `${locale} errors.${key}`).toBe('string');
        // Same placeholders as the server's text, so the details fill them in.
        const names = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
        expect(names(mine as string), key).toEqual(names(text));
      }
    }
  });
});
