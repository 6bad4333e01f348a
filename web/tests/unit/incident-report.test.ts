import { describe, expect, it } from 'vitest';
import {
  INCIDENT_TYPES,
  MAX_ATTACHMENT_BYTES,
  attachmentProblem,
  safeFileName,
  blankPerson,
  blankReport,
  checkOccurredAt,
  fenToYuan,
  matchOrders,
  orderFilterFor,
  personLinks,
  pickOrder,
  pickRecord,
  reportBody,
  reportField,
  reportProblems,
  yuanToFen,
  type OrderRef,
  type ReportForm,
} from '@/utils/incident';
import { leadersProblem, membersProblem } from '@/utils/emergency';
import { levelsFor } from '@/utils/warning';

const now = new Date('2026-05-01T08:00:00Z');

function valid(over: Partial<ReportForm> = {}): ReportForm {
  return { ...blankReport(5, now), type: 'customer_injury', title: '顾客滑倒', ...over };
}

function keys(f: ReportForm) {
  return Object.fromEntries(Object.entries(reportProblems(f, now)).map(([k, p]) => [k, p.key]));
}

describe('report form rules (mirroring POST /api/v1/incidents)', () => {
  it('a minimal report passes: type, title, department; time defaults to now', () => {
    expect(reportProblems(valid(), now)).toEqual({});
    expect(blankReport(5, now).occurred_at).toEqual(now);
    expect(blankReport(5, now).level).toBe(4);
  });

  it('the type is required and must be one of the server enum', () => {
    expect(keys(valid({ type: '' }))).toEqual({ type: 'common.field_required' });
    expect(keys(valid({ type: 'flood' as never }))).toEqual({ type: 'common.field_enum' });
    expect(INCIDENT_TYPES).toHaveLength(12);
  });

  it('the title is 2–100 characters (counted as code points)', () => {
    expect(keys(valid({ title: '' }))).toEqual({ title: 'common.field_required' });
    expect(keys(valid({ title: '  ' }))).toEqual({ title: 'common.field_required' });
    expect(keys(valid({ title: '火' }))).toEqual({ title: 'common.field_too_short' });
    expect(keys(valid({ title: '火'.repeat(100) }))).toEqual({});
    expect(keys(valid({ title: '火'.repeat(101) }))).toEqual({ title: 'common.field_too_long' });
    expect(keys(valid({ title: '😀'.repeat(100) }))).toEqual({});
  });

  it('the department is required', () => {
    expect(keys(valid({ department_id: null }))).toEqual({ department_id: 'common.field_required' });
  });

  it('the time may not be more than five minutes ahead', () => {
    expect(checkOccurredAt(new Date(now.getTime() + 4 * 60_000), now)).toBeNull();
    expect(checkOccurredAt(new Date(now.getTime() + 6 * 60_000), now)?.key).toBe('incidents.occurred_in_future');
    expect(checkOccurredAt(null, now)).toBeNull();
    expect(keys(valid({ occurred_at: new Date(now.getTime() + 3600_000) }))).toEqual({ occurred_at: 'incidents.occurred_in_future' });
  });

  it('texts have the server limits; newlines are fine, other control characters are not', () => {
    expect(keys(valid({ nature: 'x'.repeat(201) }))).toEqual({ nature: 'common.field_too_long' });
    expect(keys(valid({ scope: 'x'.repeat(201) }))).toEqual({ scope: 'common.field_too_long' });
    expect(keys(valid({ place: 'x'.repeat(4001) }))).toEqual({ place: 'common.field_too_long' });
    expect(keys(valid({ measures: '拨打120\n疏散人员' }))).toEqual({});
    expect(keys(valid({ description: 'a\u0001b' }))).toEqual({ description: 'common.field_control_chars' });
  });

  it('casualties are whole numbers from 0 to 100000', () => {
    expect(keys(valid({ deaths: -1 }))).toEqual({ deaths: 'common.field_too_small' });
    expect(keys(valid({ injuries: 100001 }))).toEqual({ injuries: 'common.field_too_large' });
    expect(keys(valid({ injuries: 1.5 }))).toEqual({ injuries: 'common.field_type' });
  });

  it('people: up to 50, names and order numbers up to 64 characters, errors by index', () => {
    const p = blankPerson('worker');
    expect(keys(valid({ people: [{ ...p, name: 'x'.repeat(65) }] }))).toEqual({ 'people[0].name': 'common.field_too_long' });
    expect(keys(valid({ people: [p, { ...p, order_ref: 'x'.repeat(65) }] }))).toEqual({
      'people[1].order_ref': 'common.field_too_long',
    });
    expect(keys(valid({ people: Array.from({ length: 51 }, () => p) }))).toEqual({ people: 'common.too_many_items' });
  });

  it('builds the request body: trimmed texts, empty ones left out, RFC 3339 time', () => {
    const body = reportBody(
      valid({
        place: '  朝阳区某小区 3 号楼 ',
        nature: '',
        injuries: 1,
        people: [{ role: 'customer', name: ' 王女士 ', order_ref: '', injured: true }],
      }),
    );
    expect(body).toEqual({
      type: 'customer_injury',
      title: '顾客滑倒',
      department_id: 5,
      level: 4,
      deaths: 0,
      injuries: 1,
      occurred_at: '2026-05-01T08:00:00.000Z',
      place: '朝阳区某小区 3 号楼',
      people: [{ role: 'customer', name: '王女士', order_ref: null, injured: true, worker_id: null, customer_id: null, order_id: null }],
    });
  });

  it('puts server field errors beside the right field', () => {
    expect(reportField('people[3].name')).toBe('people[3].name');
    expect(reportField('occurred_at')).toBe('occurred_at');
    expect(reportField('department_id')).toBe('department_id');
    expect(reportField('people[0].worker_id')).toBe('people[0].worker_id');
    expect(reportField('people[2].customer_id')).toBe('people[2].customer_id');
    expect(reportField('people[1].order_id')).toBe('people[1].order_id');
    expect(reportField('people[0].user_id')).toBeNull();
    expect(reportField(undefined)).toBeNull();
  });
});

describe('people picked from the records', () => {
  const order: OrderRef = { id: 7, number: 'SO-2026-0007', customer_id: 3, customer_name: '王女士', worker_id: 11, worker_name: '李阿姨' };
  const draft: OrderRef = { ...order, id: 8, number: 'SO-2026-0008', worker_id: null, worker_name: null };

  it('an order picked for a customer fills the customer; the server gives the name and the number', () => {
    const p = { ...blankPerson('customer'), order_ref: 'typed', name: '' };
    pickOrder(p, order);
    expect(p.customer).toEqual({ id: 3, name: '王女士' });
    expect(p.worker).toBeNull();
    const [sent] = reportBody(valid({ people: [p] })).people ?? [];
    expect(sent).toEqual({ role: 'customer', name: null, order_ref: null, injured: false, worker_id: null, customer_id: 3, order_id: 7 });
  });

  it('an order picked for a worker fills the worker when it has one', () => {
    const p = blankPerson('worker');
    pickOrder(p, order);
    expect(p.worker).toEqual({ id: 11, name: '李阿姨' });
    expect(reportBody(valid({ people: [p] })).people?.[0]).toMatchObject({ role: 'worker', worker_id: 11, customer_id: null, order_id: 7 });
    const q = { ...blankPerson('worker'), name: ' 张师傅 ' };
    pickOrder(q, draft);
    expect(q.worker).toBeNull();
    expect(reportBody(valid({ people: [q] })).people?.[0]).toMatchObject({ name: '张师傅', worker_id: null, order_id: 8 });
  });

  it('a record picked gives the name instead of typed text; another record drops an order that names someone else', () => {
    const p = { ...blankPerson('customer'), name: '王' };
    pickOrder(p, order);
    pickRecord(p, { id: 3, name: '王女士' });
    expect(p.order?.id).toBe(7);
    pickRecord(p, { id: 4, name: '赵先生' });
    expect(p.order).toBeNull();
    expect(reportBody(valid({ people: [p] })).people?.[0]).toMatchObject({ name: null, customer_id: 4, order_id: null });
    pickRecord(p, null);
    expect(reportBody(valid({ people: [p] })).people?.[0]).toMatchObject({ name: '王', customer_id: null });
  });

  it("only the records of the person's role are sent; 'other' takes none", () => {
    const p = blankPerson('customer');
    pickOrder(p, order);
    p.role = 'worker';
    expect(reportBody(valid({ people: [p] })).people?.[0]).toMatchObject({ worker_id: null, customer_id: null, order_id: 7 });
    p.role = 'other';
    p.name = '路人';
    expect(reportBody(valid({ people: [p] })).people?.[0]).toEqual({
      role: 'other',
      name: '路人',
      order_ref: null,
      injured: false,
      worker_id: null,
      customer_id: null,
      order_id: null,
    });
  });

  it('the order picker lists the orders of the record picked, matched by number or name, latest first', () => {
    const p = blankPerson('customer');
    expect(orderFilterFor(p)).toEqual({});
    pickRecord(p, { id: 3, name: '王女士' });
    expect(orderFilterFor(p)).toEqual({ customer_id: 3 });
    const w = blankPerson('worker');
    pickRecord(w, { id: 11, name: '李阿姨' });
    expect(orderFilterFor(w)).toEqual({ worker_id: 11 });

    const list = [
      { number: 'SO-1', customer_name: '王女士', worker_name: null, starts_at: '2026-05-01T08:00:00Z' },
      { number: 'SO-2', customer_name: 'Zhao', worker_name: '李阿姨', starts_at: '2026-05-03T08:00:00Z' },
      { number: 'SO-3', customer_name: '王女士', worker_name: '李阿姨', starts_at: '2026-05-02T08:00:00Z' },
    ];
    expect(matchOrders(list, '').map((o) => o.number)).toEqual(['SO-2', 'SO-3', 'SO-1']);
    expect(matchOrders(list, ' 王 ').map((o) => o.number)).toEqual(['SO-3', 'SO-1']);
    expect(matchOrders(list, 'so-1').map((o) => o.number)).toEqual(['SO-1']);
    expect(matchOrders(list, 'zHAO').map((o) => o.number)).toEqual(['SO-2']);
    expect(matchOrders(list, '李阿姨').map((o) => o.number)).toEqual(['SO-2', 'SO-3']);
    expect(matchOrders(list, '', 1).map((o) => o.number)).toEqual(['SO-2']);
    expect(list[0]!.number).toBe('SO-1');
  });

  it('the incident page links a person to the records it names, for those who may open them', () => {
    const all = () => true;
    expect(personLinks({ worker_id: 11, customer_id: null, order_id: 7 }, all)).toEqual({ record: '/workers/11', order: '/orders/7' });
    expect(personLinks({ customer_id: 3, order_id: null }, all)).toEqual({ record: '/customers/3', order: null });
    expect(personLinks({ worker_id: null, customer_id: null, order_id: null }, all)).toEqual({ record: null, order: null });
    expect(personLinks({}, all)).toEqual({ record: null, order: null });
    const ordersOnly = (perm: string) => perm === 'orders:order:read';
    expect(personLinks({ worker_id: 11, order_id: 7 }, ordersOnly)).toEqual({ record: null, order: '/orders/7' });
    expect(personLinks({ customer_id: 3, order_id: 7 }, () => false)).toEqual({ record: null, order: null });
  });
});

describe('money: yuan typed, fen sent', () => {
  it('converts exactly, without floating point', () => {
    expect(yuanToFen('0.1')).toBe(10);
    expect(yuanToFen('1,234.56')).toBe(123456);
    expect(yuanToFen('¥ 19.99')).toBe(1999);
    expect(yuanToFen('100')).toBe(10000);
    expect(yuanToFen('')).toBeNull();
    expect(yuanToFen('1.234')).toBeNull();
    expect(yuanToFen('-5')).toBeNull();
    expect(yuanToFen('abc')).toBeNull();
    expect(fenToYuan(123456)).toBe('1,234.56');
    expect(fenToYuan(5)).toBe('0.05');
  });
});

describe('emergency organisation and warning rules', () => {
  const row = (user_id: number | null, position: 'leader' | 'deputy_leader' | 'member', stand_in_user_id: number | null = null) => ({
    user_id,
    position,
    stand_in_user_id,
    away: false,
  });

  it('the leadership group needs one leader and a deputy, each person once', () => {
    expect(leadersProblem([row(1, 'leader'), row(2, 'deputy_leader')])).toBeNull();
    expect(leadersProblem([row(1, 'leader'), row(2, 'leader'), row(3, 'deputy_leader')])?.key).toBe('emergency.one_leader_required');
    expect(leadersProblem([row(1, 'leader'), row(2, 'member')])?.key).toBe('emergency.deputy_required');
    expect(leadersProblem([row(1, 'leader'), row(1, 'deputy_leader')])?.key).toBe('emergency.duplicate_person');
    expect(leadersProblem([row(1, 'leader', 1), row(2, 'deputy_leader')])?.key).toBe('emergency.stand_in_self');
    expect(leadersProblem([row(null, 'leader'), row(2, 'deputy_leader')])?.key).toBe('common.field_required');
  });

  it('working group members: each person once, duties up to 500 characters', () => {
    const m = (user_id: number, duties = '') => ({ user_id, role: 'member' as const, duties, stand_in_user_id: null, away: false });
    expect(membersProblem([m(1), m(2)])).toBeNull();
    expect(membersProblem([m(1), m(1)])?.key).toBe('emergency.duplicate_person');
    expect(membersProblem([m(1, 'x'.repeat(501))])?.key).toBe('common.field_too_long');
  });

  it('a warning escalates to more severe colours and downgrades to less severe ones', () => {
    expect(levelsFor('yellow', 'escalate')).toEqual(['red', 'orange']);
    expect(levelsFor('yellow', 'downgrade')).toEqual(['blue']);
    expect(levelsFor('red', 'escalate')).toEqual([]);
  });
});

describe('attachments', () => {
  it('takes photos, PDFs and MP4 videos up to 10 MiB', () => {
    expect(attachmentProblem({ type: 'image/jpeg', size: 1000 })).toBeNull();
    expect(attachmentProblem({ type: 'video/mp4', size: MAX_ATTACHMENT_BYTES })).toBeNull();
    expect(attachmentProblem({ type: 'image/gif', size: 1000 })?.key).toBe('common.upload_media_type');
    expect(attachmentProblem({ type: 'application/pdf', size: MAX_ATTACHMENT_BYTES + 1 })?.key).toBe('common.payload_too_large');
    expect(attachmentProblem({ type: 'image/png', size: 0 })?.key).toBe('common.body_required');
  });

  it('sends a plain file name: no path, no control characters, at most 120 characters', () => {
    const now = new Date('2026-05-01T08:09:10Z');
    expect(safeFileName('现场照片.jpg', 'image/jpeg', now)).toBe('现场照片.jpg');
    expect(safeFileName('C:\\fakepath\\a.png', 'image/png', now)).toBe('a.png');
    expect(safeFileName('dir/sub/b\u0007.pdf', 'application/pdf', now)).toBe('b.pdf');
    expect(safeFileName('', 'image/jpeg', now)).toBe('photo-20260501T080910.jpg');
    const long = `${'很'.repeat(200)}.mp4`;
    const cut = safeFileName(long, 'video/mp4', now);
    expect([...cut].length).toBe(120);
    expect(cut.endsWith('.mp4')).toBe(true);
  });
});
