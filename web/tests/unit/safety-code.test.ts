import { createPinia, setActivePinia } from 'pinia';
import { afterEach, describe, expect, it, vi } from 'vitest';
import zhCN from '@/locales/zh-CN';
import { codeDate, colourView, svgDataUri } from '@/utils/safetyCode';
import { MAX_IMPORT_BYTES, importFileProblem, readRefusal } from '@/utils/workerImport';

type Tree = { [k: string]: string | Tree };

function text(dotted: string): string | undefined {
  let cur: string | Tree | undefined = zhCN as unknown as Tree;
  for (const part of dotted.split('.')) cur = typeof cur === 'object' ? cur[part] : undefined;
  return typeof cur === 'string' ? cur : undefined;
}

describe('the colour of the public 安心码 page', () => {
  it('tells the customer what to do, in existing texts', () => {
    const green = colourView('green');
    expect(green).toMatchObject({ colour: 'green', className: 'badge-green', cleared: true });
    expect(text(green.label)).toBe('绿码');
    expect(text(green.verdict)).toBe('可以放心');

    const yellow = colourView('yellow');
    expect(yellow).toMatchObject({ colour: 'yellow', className: 'badge-yellow', cleared: true });
    expect(text(yellow.label)).toBe('黄码');

    const red = colourView('red');
    expect(red).toMatchObject({ colour: 'red', className: 'badge-red', cleared: false });
    expect(text(red.label)).toBe('红码');
    expect(text(red.verdict)).toContain('请勿让其入户');
    for (const v of [green, yellow, red]) expect(text(v.hint)).toBeTruthy();
  });

  it('never shows an unknown answer as cleared', () => {
    for (const c of ['', 'blue', null, undefined]) expect(colourView(c)).toMatchObject({ colour: 'red', cleared: false });
  });

  it('writes the date in words in either language', () => {
    expect(codeDate('2026-05-10', 'zh-CN')).toBe('2026年5月10日 星期日');
    expect(codeDate('2026-05-10', 'en-US')).toBe('Sunday, 10 May 2026');
    expect(codeDate('not a date', 'zh-CN')).toBe('not a date');
  });

  it('turns the QR code into an image URL (UTF-8 safe)', () => {
    const uri = svgDataUri('<svg xmlns="http://www.w3.org/2000/svg"><title>安心</title></svg>');
    expect(uri.startsWith('data:image/svg+xml;base64,')).toBe(true);
    const bytes = Uint8Array.from(atob(uri.split(',')[1]), (c) => c.charCodeAt(0));
    expect(new TextDecoder().decode(bytes)).toContain('<title>安心</title>');
  });
});

describe('the public page route', () => {
  afterEach(() => {
    document.cookie = 'anxin_csrf=; expires=Thu, 01 Jan 1970 00:00:00 GMT';
  });

  it('opens without a session and without asking about one', async () => {
    setActivePinia(createPinia());
    document.cookie = 'anxin_csrf=some-token'; // a signed-in staff member's browser
    const fetch = vi.spyOn(globalThis, 'fetch').mockResolvedValue(new Response('{}', { status: 401 }));
    const { router } = await import('@/router');
    await router.push('/s/AbC-123_x');
    expect(router.currentRoute.value.name).toBe('safety-code');
    expect(router.currentRoute.value.params.token).toBe('AbC-123_x');
    expect(router.currentRoute.value.matched).toHaveLength(1); // not inside the layout
    expect(fetch).not.toHaveBeenCalled();
  }, 30_000);
});

describe('choosing an import file', () => {
  it('takes CSV files up to 20 MB', () => {
    expect(importFileProblem({ name: 'workers.csv', size: 100, type: 'text/csv' })).toBeNull();
    expect(importFileProblem({ name: 'WORKERS.CSV', size: 100, type: 'application/vnd.ms-excel' })).toBeNull();
    expect(importFileProblem({ name: 'workers.csv', size: 100, type: '' })).toBeNull();
    expect(importFileProblem({ name: 'workers.csv', size: MAX_IMPORT_BYTES, type: 'text/csv' })).toBeNull();
    expect(importFileProblem({ name: 'workers.csv', size: MAX_IMPORT_BYTES + 1, type: 'text/csv' })).toBe('tooLarge');
    expect(importFileProblem({ name: 'workers.csv', size: 0, type: 'text/csv' })).toBe('empty');
    expect(importFileProblem({ name: 'workers.xlsx', size: 100, type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' })).toBe('notCsv');
    expect(importFileProblem({ name: 'photo.csv', size: 100, type: 'image/png' })).toBe('notCsv');
  });
});

describe('a refused import file', () => {
  it('lists every problem with its row, column, masked value and reason', () => {
    const r = readRefusal('workforce.import_rows_invalid', {
      rows: 3,
      error_count: 2,
      errors: [
        { row: 2, column: '身份证号', value: '110***********1239', key: 'workforce.id_number_invalid', message: '身份证号码不正确' },
        { row: 3, column: '服务类型', value: '修飞机', key: 'workforce.service_type_unknown', message: '' },
        'junk',
      ],
    });
    expect(r).toEqual({
      rows: 3,
      errorCount: 2,
      errors: [
        { row: 2, column: '身份证号', value: '110***********1239', key: 'workforce.id_number_invalid', message: '身份证号码不正确' },
        { row: 3, column: '服务类型', value: '修飞机', key: 'workforce.service_type_unknown', message: 'workforce.service_type_unknown' },
      ],
    });
  });

  it('keeps the full count when only the first problems are listed', () => {
    const r = readRefusal('workforce.import_rows_invalid', { rows: 900, error_count: 800, errors: [{ row: 2 }] });
    expect(r?.errorCount).toBe(800);
    expect(r?.errors).toHaveLength(1);
  });

  it('is another error for any other key', () => {
    expect(readRefusal('common.payload_too_large', { max_bytes: 1 })).toBeNull();
    expect(readRefusal('workforce.import_unreadable', {})).toBeNull();
  });
});
