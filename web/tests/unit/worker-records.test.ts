import { describe, expect, it } from 'vitest';
import { fenToYuan, yuanToFen } from '@/utils/incident';
import {
  caseSensitive,
  netFenOf,
  payProblems,
  pointsLevel,
  pointsPercent,
  pointsProblem,
  pointsTagType,
  recordDateProblem,
  validPeriod,
} from '@/utils/workerRecords';

const now = new Date('2026-05-10T02:00:00Z'); // 10:00 on 10 May in Beijing
const keyOf = (p: { key: string } | null) => p?.key ?? null;

describe('violation points against the limit', () => {
  it('are reached at the limit, near within three points of it, else fine', () => {
    expect(pointsLevel(0, 12)).toBe('ok');
    expect(pointsLevel(8, 12)).toBe('ok');
    expect(pointsLevel(9, 12)).toBe('near');
    expect(pointsLevel(11, 12)).toBe('near');
    expect(pointsLevel(12, 12)).toBe('reached');
    expect(pointsLevel(15, 12)).toBe('reached');
    // A limit of 2: no points is not "near", one point is.
    expect(pointsLevel(0, 2)).toBe('ok');
    expect(pointsLevel(1, 2)).toBe('near');
  });

  it('are red at the limit and orange near it', () => {
    expect(pointsTagType(pointsLevel(12, 12))).toBe('danger');
    expect(pointsTagType(pointsLevel(10, 12))).toBe('warning');
    expect(pointsTagType(pointsLevel(3, 12))).toBe('success');
  });

  it('fill the bar up to 100%', () => {
    expect(pointsPercent(6, 12)).toBe(50);
    expect(pointsPercent(12, 12)).toBe(100);
    expect(pointsPercent(20, 12)).toBe(100);
    expect(pointsPercent(0, 12)).toBe(0);
  });

  it('are 1 to the maximum for a violation, none for other kinds', () => {
    expect(keyOf(pointsProblem('violation', 0, 12))).toBe('workforce.violation_points');
    expect(keyOf(pointsProblem('violation', 13, 12))).toBe('workforce.violation_points');
    expect(keyOf(pointsProblem('violation', null, 12))).toBe('workforce.violation_points');
    expect(pointsProblem('violation', 1, 12)).toBeNull();
    expect(pointsProblem('violation', 12, 12)).toBeNull();
    expect(pointsProblem('commendation', null, 12)).toBeNull();
  });
});

describe('pay typed in yuan', () => {
  it('converts to whole fen without floating-point errors, and back', () => {
    expect(yuanToFen('0.29')).toBe(29); // 0.29 * 100 is 28.999999999999996 in floating point
    expect(yuanToFen('8123.45')).toBe(812345);
    expect(yuanToFen('1,234.5')).toBe(123450);
    expect(yuanToFen('1.005')).toBeNull();
    expect(yuanToFen('-1')).toBeNull();
    expect(fenToYuan(731111)).toBe('7,311.11');
    expect(fenToYuan(5)).toBe('0.05');
  });

  it('shows the net pay as gross less deductions, in fen', () => {
    expect(netFenOf('8123.45', '812.34')).toBe(731111);
    expect(netFenOf('0.30', '0.10')).toBe(20);
    expect(netFenOf('100', '100.01')).toBeNull();
    expect(netFenOf('abc', '0')).toBeNull();
  });

  it('checks the month, the amounts and the day paid as the server does', () => {
    const ok = { period: '2026-04', gross: '6500.00', deductions: '650', paid_on: '2026-05-10' };
    const keys = (f: typeof ok) => Object.fromEntries(Object.entries(payProblems(f, 100_000_000, now)).map(([k, v]) => [k, keyOf(v)]));
    expect(keys(ok)).toEqual({ period: null, gross_fen: null, deductions_fen: null, paid_on: null });
    expect(keys({ ...ok, period: '' }).period).toBe('common.field_required');
    expect(keys({ ...ok, period: '2026-13' }).period).toBe('workforce.pay_period_invalid');
    expect(keys({ ...ok, period: '2026-05' }).period).toBeNull();
    expect(keys({ ...ok, period: '2026-06' }).period).toBe('workforce.date_in_future');
    expect(keys({ ...ok, gross: '' }).gross_fen).toBe('common.field_required');
    expect(keys({ ...ok, gross: '12.345' }).gross_fen).toBe('common.field_format');
    expect(keys({ ...ok, gross: '1000000.01' }).gross_fen).toBe('common.field_too_large');
    expect(keys({ ...ok, gross: '1000000.00' }).gross_fen).toBeNull();
    expect(keys({ ...ok, deductions: '6500.01' }).deductions_fen).toBe('workforce.pay_deductions_exceed');
    expect(keys({ ...ok, deductions: '6500' }).deductions_fen).toBeNull();
    expect(keys({ ...ok, paid_on: '' }).paid_on).toBeNull();
    expect(keys({ ...ok, paid_on: '2026-05-11' }).paid_on).toBe('workforce.date_in_future');
  });

  it('knows a pay month', () => {
    expect(validPeriod('2026-01')).toBe(true);
    expect(validPeriod('2026-12')).toBe(true);
    expect(validPeriod('2026-00')).toBe(false);
    expect(validPeriod('2026-1')).toBe(false);
    expect(validPeriod('202601')).toBe(false);
  });
});

describe('record dates and cases', () => {
  it('want a date not after today in China', () => {
    expect(keyOf(recordDateProblem('opened_on', '', now))).toBe('common.field_required');
    expect(keyOf(recordDateProblem('opened_on', '2026-05-11', now))).toBe('workforce.date_in_future');
    expect(recordDateProblem('opened_on', '2026-05-10', now)).toBeNull();
  });

  it('mark class-4 cases (psychological support) as sensitive', () => {
    expect(caseSensitive({ data_class: 4 })).toBe(true);
    expect(caseSensitive({ data_class: 3 })).toBe(false);
  });
});
