import { describe, expect, it } from 'vitest';
import { ApiError } from '@/api/errors';
import type { GateReason } from '@/api/types';
import {
  canRevealCustomerField,
  gateRefusal,
  isOpen,
  orderActions,
  orderPeriodQuery,
  orderStatusTagType,
  overrideProblems,
  premisesActions,
  premisesAnswers,
  reasonItems,
  riskBlocks,
  riskTagType,
} from '@/utils/orders';

const all = (..._: string[]) => true;
const only =
  (...granted: string[]) =>
  (p: string) =>
    granted.includes(p);

describe('the actions an order offers', () => {
  it('follow the status for a dispatcher (orders:order:manage)', () => {
    const has = only('orders:order:manage');
    expect(orderActions({ status: 'draft', worker_id: null }, has)).toEqual(['assign', 'link', 'premises', 'cancel']);
    expect(orderActions({ status: 'scheduled', worker_id: 7 }, has)).toEqual(['assign', 'checkIn', 'link', 'premises', 'cancel']);
    expect(orderActions({ status: 'in_service', worker_id: 7 }, has)).toEqual(['checkOut', 'link', 'cancel']);
    expect(orderActions({ status: 'completed', worker_id: 7 }, has)).toEqual(['link']);
    expect(orderActions({ status: 'disputed', worker_id: 7 }, has)).toEqual(['link']);
    expect(orderActions({ status: 'cancelled', worker_id: null }, has)).toEqual([]);
  });

  it('never check in a scheduled order without a worker', () => {
    expect(orderActions({ status: 'scheduled', worker_id: null }, all)).not.toContain('checkIn');
  });

  it('offer an override only before the service, and only with workforce:gate:override', () => {
    expect(orderActions({ status: 'draft', worker_id: null }, only('workforce:gate:override'))).toEqual(['override']);
    expect(orderActions({ status: 'scheduled', worker_id: 1 }, all)).toContain('override');
    expect(orderActions({ status: 'in_service', worker_id: 1 }, all)).not.toContain('override');
    expect(orderActions({ status: 'draft', worker_id: null }, only('orders:order:manage'))).not.toContain('override');
  });

  it('offer nothing to a reader', () => {
    expect(orderActions({ status: 'scheduled', worker_id: 1 }, only('orders:order:read'))).toEqual([]);
  });

  it('know the open statuses', () => {
    expect(['draft', 'scheduled', 'in_service'].every((s) => isOpen(s as never))).toBe(true);
    expect(['completed', 'confirmed', 'disputed', 'cancelled'].some((s) => isOpen(s as never))).toBe(false);
  });
});

describe('colours', () => {
  it('of statuses', () => {
    expect(orderStatusTagType('draft')).toBe('info');
    expect(orderStatusTagType('scheduled')).toBe('primary');
    expect(orderStatusTagType('in_service')).toBe('warning');
    expect(orderStatusTagType('confirmed')).toBe('success');
    expect(orderStatusTagType('disputed')).toBe('danger');
  });

  it('of risk levels, high and extreme red and blocking', () => {
    expect(riskTagType('low')).toBe('success');
    expect(riskTagType('medium')).toBe('warning');
    expect(riskTagType('high')).toBe('danger');
    expect(riskTagType('extreme')).toBe('danger');
    expect([riskBlocks('low'), riskBlocks('medium'), riskBlocks('high'), riskBlocks('extreme')]).toEqual([false, false, true, true]);
  });
});

describe('the premises check', () => {
  const filled = { risk_level: 'high' as const, acknowledged_at: null, approved_at: null };

  it('is acknowledged first, then approved by a supervisor when the risk is high', () => {
    expect(premisesActions(filled, 'scheduled', all)).toEqual({ acknowledge: true, approve: false });
    const acked = { ...filled, acknowledged_at: '2026-05-10T01:00:00Z' };
    expect(premisesActions(acked, 'scheduled', all)).toEqual({ acknowledge: false, approve: true });
    expect(premisesActions(acked, 'scheduled', only('orders:order:manage'))).toEqual({ acknowledge: false, approve: false });
    expect(premisesActions({ ...acked, approved_at: '2026-05-10T02:00:00Z' }, 'scheduled', all)).toEqual({ acknowledge: false, approve: false });
  });

  it('needs no approval at a low or medium risk, and nothing once the service started', () => {
    const acked = { risk_level: 'medium' as const, acknowledged_at: '2026-05-10T01:00:00Z', approved_at: null };
    expect(premisesActions(acked, 'draft', all).approve).toBe(false);
    expect(premisesActions(filled, 'in_service', all)).toEqual({ acknowledge: false, approve: false });
    expect(premisesActions(null, 'draft', all)).toEqual({ acknowledge: false, approve: false });
  });

  it('sends every item, "no" unless answered "yes"', () => {
    expect(premisesAnswers(['pets', 'gas', 'wet_floor'], { pets: true, gas: null })).toEqual({ pets: true, gas: false, wet_floor: false });
  });
});

describe("the gate's refusal of an assignment", () => {
  const reason = (key: string, extra: Partial<GateReason> = {}): GateReason =>
    ({ check: 'workforce.vetting', key, message: `text of ${key}`, params: {}, warning: false, record_kind: null, record_id: null, date: null, ...extra }) as GateReason;

  it('carries every reason and warning of the 409', () => {
    const e = new ApiError(409, {
      key: 'orders.gate_refused',
      details: {
        worker_id: 12,
        reasons: [reason('workforce.gate_status_suspended'), reason('workforce.gate_health_expired', { date: '2026-04-01' })],
        warnings: [reason('workforce.gate_expires_soon', { warning: true })],
      },
    });
    const r = gateRefusal(e);
    expect(r?.workerId).toBe(12);
    expect(r?.reasons.map((x) => x.key)).toEqual(['workforce.gate_status_suspended', 'workforce.gate_health_expired']);
    expect(r?.warnings).toHaveLength(1);
    const items = reasonItems(r!.reasons, r!.warnings);
    expect(items.map((i) => i.severity)).toEqual(['refusal', 'refusal', 'warning']);
  });

  it('lists two reasons of one key with different texts both, a repeated one once, warnings last', () => {
    const a = reason('workforce.gate_background_missing', { message: '缺少无犯罪记录证明' });
    const b = reason('workforce.gate_background_missing', { message: '缺少精神健康评估' });
    const w = reason('workforce.gate_expires_soon', { warning: true });
    const items = reasonItems([w, a, b, a], [w]);
    expect(items.map((i) => [i.message, i.severity])).toEqual([
      ['缺少无犯罪记录证明', 'refusal'],
      ['缺少精神健康评估', 'refusal'],
      ['text of workforce.gate_expires_soon', 'warning'],
    ]);
  });

  it('is null for any other error', () => {
    expect(gateRefusal(new ApiError(409, { key: 'common.version_conflict' }))).toBeNull();
    expect(gateRefusal(new Error('x'))).toBeNull();
  });

  it('keeps only well-formed reasons', () => {
    const e = new ApiError(409, { key: 'orders.gate_refused', details: { worker_id: 0, reasons: [null, 'x', reason('k')], warnings: 'bad' } });
    const r = gateRefusal(e);
    expect(r?.workerId).toBeNull();
    expect(r?.reasons.map((x) => x.key)).toEqual(['k']);
    expect(r?.warnings).toEqual([]);
  });
});

describe('an override request', () => {
  const now = new Date('2026-05-10T02:00:00Z');
  const end = '2026-05-12T09:00:00Z';
  const ok = { reason: '体检报告已预约复查，客户同意', approverId: 5, expiresAt: '2026-05-11T00:00:00Z', requesterId: 3 };

  it('passes with a long enough reason, another approver and an expiry within the order', () => {
    expect(overrideProblems(ok, end, now)).toEqual({ reason: null, approver_id: null, expires_at: null });
    expect(overrideProblems({ ...ok, expiresAt: end }, end, now).expires_at).toBeNull();
  });

  it('refuses a short reason (ten characters, counted as characters)', () => {
    expect(overrideProblems({ ...ok, reason: '太短了' }, end, now).reason).toBe('orders.override_reason_short');
    expect(overrideProblems({ ...ok, reason: '一二三四五六七八九十' }, end, now).reason).toBeNull();
    expect(overrideProblems({ ...ok, reason: '  一二三四五六七八九  ' }, end, now).reason).toBe('orders.override_reason_short');
  });

  it('refuses the requester as approver, and no approver', () => {
    expect(overrideProblems({ ...ok, approverId: 3 }, end, now).approver_id).toBe('orders.override_self_approval');
    expect(overrideProblems({ ...ok, approverId: null }, end, now).approver_id).toBe('common.field_required');
  });

  it('refuses an expiry in the past or after the order', () => {
    expect(overrideProblems({ ...ok, expiresAt: '2026-05-10T01:00:00Z' }, end, now).expires_at).toBe('orders.override_expiry_invalid');
    expect(overrideProblems({ ...ok, expiresAt: '2026-05-12T09:00:01Z' }, end, now).expires_at).toBe('orders.override_expiry_invalid');
    expect(overrideProblems({ ...ok, expiresAt: '' }, end, now).expires_at).toBe('common.field_required');
  });
});

describe('customers', () => {
  it('reveal a personal value with orders:customer:reveal and clearance 3', () => {
    expect(canRevealCustomerField('phone', only('orders:customer:reveal'), 3)).toBe(true);
    expect(canRevealCustomerField('phone', only('orders:customer:reveal'), 2)).toBe(false);
    expect(canRevealCustomerField('household_notes', only('orders:customer:read'), 4)).toBe(false);
  });
});

describe('the list period filter', () => {
  it('sends valid times only, as RFC 3339', () => {
    expect(orderPeriodQuery('2026-05-10T00:00:00+08:00', '')).toEqual({ from: '2026-05-09T16:00:00.000Z' });
    expect(orderPeriodQuery('nonsense', '2026-05-11T00:00:00Z')).toEqual({ to: '2026-05-11T00:00:00.000Z' });
    expect(orderPeriodQuery('', '')).toEqual({});
  });
});
