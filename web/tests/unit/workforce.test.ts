import { describe, expect, it } from 'vitest';
import type { GateReason } from '@/api/types';
import {
  canRevealWorkerField,
  chinaDate,
  datePairProblems,
  daysLeft,
  defaultGatePeriod,
  expiryOf,
  gateItems,
  nextStatuses,
  serviceTypeName,
} from '@/utils/workforce';

const today = new Date(2026, 4, 10, 15, 30); // 10 May 2026, local time

describe('end dates of certificates and checks', () => {
  it('are expired once the day has passed, soon within 30 days, else fine', () => {
    expect(expiryOf(null, today)).toBe('none');
    expect(expiryOf('', today)).toBe('none');
    expect(expiryOf('2026-05-09', today)).toBe('expired');
    expect(expiryOf('2026-05-10', today)).toBe('soon'); // the last valid day is today
    expect(expiryOf('2026-06-09', today)).toBe('soon'); // 30 days ahead
    expect(expiryOf('2026-06-10', today)).toBe('ok');
    expect(expiryOf('2026-06-10', today, 60)).toBe('soon');
  });

  it('count the days left, negative once passed', () => {
    expect(daysLeft('2026-05-10', today)).toBe(0);
    expect(daysLeft('2026-05-20', today)).toBe(10);
    expect(daysLeft('2026-05-01', today)).toBe(-9);
    expect(daysLeft(null, today)).toBeNull();
  });
});

describe('record dates (as the server checks them)', () => {
  const now = new Date('2026-05-10T02:00:00Z'); // 10:00 in Beijing

  it('uses the date in China Standard Time', () => {
    expect(chinaDate(new Date('2026-05-09T16:30:00Z'))).toBe('2026-05-10');
    expect(chinaDate(new Date('2026-05-09T15:30:00Z'))).toBe('2026-05-09');
  });

  it('wants a start that is not in the future and an end not before it', () => {
    const keys = (p: Record<string, { key: string } | null>) => Object.fromEntries(Object.entries(p).map(([k, v]) => [k, v?.key ?? null]));
    expect(keys(datePairProblems({ field: 'issued_on', value: '' }, { field: 'expires_on', value: '' }, now))).toEqual({
      issued_on: 'common.field_required',
      expires_on: null,
    });
    expect(keys(datePairProblems({ field: 'issued_on', value: '2026-05-11' }, { field: 'expires_on', value: '' }, now))).toEqual({
      issued_on: 'workforce.date_in_future',
      expires_on: null,
    });
    expect(
      keys(datePairProblems({ field: 'checked_on', value: '2026-05-01' }, { field: 'valid_until', value: '2026-04-30' }, now)),
    ).toEqual({ checked_on: null, valid_until: 'workforce.end_before_start' });
    expect(
      keys(datePairProblems({ field: 'checked_on', value: '2026-05-01' }, { field: 'valid_until', value: '2026-05-01' }, now)),
    ).toEqual({ checked_on: null, valid_until: null });
    // A health check's next due date must come after the check, and is required.
    const due = (value: string) =>
      keys(datePairProblems({ field: 'checked_on', value: '2026-05-01' }, { field: 'next_due_on', value, required: true, strict: true }, now));
    expect(due('')).toEqual({ checked_on: null, next_due_on: 'common.field_required' });
    expect(due('2026-05-01')).toEqual({ checked_on: null, next_due_on: 'workforce.end_before_start' });
    expect(due('2027-05-01')).toEqual({ checked_on: null, next_due_on: null });
  });
});

describe('worker status moves', () => {
  it('follow the server: applicant → active, active ↔ suspended, anything but left → left', () => {
    expect(nextStatuses('applicant')).toEqual(['active', 'left']);
    expect(nextStatuses('active')).toEqual(['suspended', 'left']);
    expect(nextStatuses('suspended')).toEqual(['active', 'left']);
    expect(nextStatuses('left')).toEqual([]);
  });
});

describe('revealing personal values', () => {
  it('needs the permission and the clearance of the field', () => {
    const has = (granted: string[]) => (p: string) => granted.includes(p);
    expect(canRevealWorkerField('phone', has(['workforce:worker:reveal']), 3)).toBe(true);
    expect(canRevealWorkerField('id_number', has(['workforce:worker:reveal']), 3)).toBe(false);
    expect(canRevealWorkerField('id_number', has(['workforce:worker:reveal']), 4)).toBe(true);
    expect(canRevealWorkerField('phone', has(['identity:user:reveal']), 4)).toBe(false);
  });
});

describe('the dispatch gate', () => {
  function reason(key: string, warning = false, date: string | null = null): GateReason {
    return { check: 'workforce.vetting', key, message: key, params: {}, warning, record_kind: null, record_id: null, date };
  }

  it('lists every refusal first, then the warnings, each once', () => {
    const items = gateItems({
      reasons: [reason('workforce.gate_background_missing'), reason('workforce.gate_health_restrictions', true), reason('workforce.gate_certificate_missing')],
      warnings: [reason('workforce.gate_expires_soon', true, '2026-05-20'), reason('workforce.gate_health_restrictions', true)],
    });
    expect(items.map((i) => [i.key, i.severity])).toEqual([
      ['workforce.gate_background_missing', 'refusal'],
      ['workforce.gate_certificate_missing', 'refusal'],
      ['workforce.gate_health_restrictions', 'warning'],
      ['workforce.gate_expires_soon', 'warning'],
    ]);
    expect(items[3].date).toBe('2026-05-20');
  });

  it('checks today to the end of the day a week later by default', () => {
    const { from, to } = defaultGatePeriod(today);
    expect(new Date(from).getTime()).toBe(new Date(2026, 4, 10).getTime());
    expect(new Date(to).getTime()).toBe(new Date(2026, 4, 17, 23, 59, 59, 999).getTime());
  });

  it('names service types in the UI language', () => {
    const types = [{ code: 'nanny', name_zh: '保姆', name_en: 'Nanny' }];
    expect(serviceTypeName('nanny', types, 'zh-CN')).toBe('保姆');
    expect(serviceTypeName('nanny', types, 'en-US')).toBe('Nanny');
    expect(serviceTypeName('astronaut', types, 'zh-CN')).toBe('astronaut');
  });
});
