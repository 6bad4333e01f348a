// Workforce over HTTP: registering workers (checksum, duplicates, masking), vetting records, and the dispatch gate
// answering every reason in the caller's language until the records allow the assignment; who may do what.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import fsp from 'node:fs/promises';
import path from 'node:path';

import {
  createUser,
  expectError,
  fetchBytes,
  removeDir,
  residentId,
  runCli,
  startServer,
  tempDir,
  uniq,
  xlsxXml,
} from './harness.mjs';

const DAY = 24 * 60 * 60 * 1000;
/** The company's calendar day (UTC+8) `offset` days from today, YYYY-MM-DD. */
const day = (offset) => new Date(Date.now() + 8 * 3600 * 1000 + offset * DAY).toISOString().slice(0, 10);

describe('workforce and the dispatch gate', () => {
  let srv;
  let hr; // hr_officer at the company root: the whole tree, clearance 4
  let dispatcher; // dispatcher: may ask the gate, may not register
  let dept;
  const idNumber = residentId(417, { birth: '19820715' });

  before(async () => {
    srv = await startServer({ admin: true });
    const admin = srv.admin;
    const r = await admin.post('/api/v1/departments', {
      name: `家政服务部${uniq('')}`,
      code: uniq('WF'),
      kind: 'department',
      parent_id: admin.me.user.department_id,
    });
    assert.equal(r.status, 201, r.text);
    dept = r.json;
    hr = (await createUser(admin, { roles: ['hr_officer'], department_id: admin.me.user.department_id })).client;
    dispatcher = (await createUser(admin, { roles: ['dispatcher'], department_id: dept.id })).client;
  });
  after(async () => {
    await srv?.stop();
  });

  const register = (c, fields = {}) =>
    c.post('/api/v1/workers', {
      department_id: dept.id,
      name: '王秀英',
      id_number: idNumber,
      phone: '13912345678',
      address: '北京市朝阳区望京西园三区 5 号楼',
      bank_account: '6222021234567890123',
      job_types: ['nanny'],
      ...fields,
    });
  const gate = (c, id, query, headers = {}) =>
    c.get(`/api/v1/workers/${id}/gate?${new URLSearchParams(query)}`, { headers });
  const period = (first, last) => ({
    from: new Date(Date.parse(`${day(first)}T00:00:00+08:00`)).toISOString(),
    to: new Date(Date.parse(`${day(last)}T00:00:00+08:00`) + DAY).toISOString(),
  });

  let worker;

  test('a wrong check character is refused with 422 naming the field, and nothing is stored', async () => {
    const wrong = idNumber.slice(0, 17) + (idNumber[17] === '0' ? '1' : '0');
    const r = await register(hr, { id_number: wrong });
    expectError(assert, r, { status: 422, code: 'unprocessable', key: 'workforce.id_number_invalid' });
    assert.equal(r.json.error.details.field, 'id_number');
    assert.ok(!r.text.includes(wrong), 'the error does not echo the number');
    const list = await hr.get('/api/v1/workers?page_size=200');
    assert.equal(list.json.total, 0);
  });

  test('a worker is registered masked, without a user account, and only once', async () => {
    const users = (await srv.admin.get('/api/v1/users?page_size=200')).json.total;
    const r = await register(hr);
    assert.equal(r.status, 201, r.text);
    worker = r.json;
    assert.equal(worker.status, 'applicant');
    assert.equal(worker.id_number, `${idNumber.slice(0, 3)}***********${idNumber.slice(14)}`);
    assert.equal(worker.phone, '139****5678');
    assert.ok(!r.text.includes(idNumber) && !r.text.includes('13912345678'), r.text);
    assert.equal((await srv.admin.get('/api/v1/users?page_size=200')).json.total, users, 'no account created');

    const dup = await register(hr, { name: '王秀英', job_types: ['cleaning'] });
    expectError(assert, dup, { status: 409, key: 'workforce.id_number_taken' });
    assert.ok(!dup.text.includes(idNumber.slice(6, 14)), dup.text);

    expectError(assert, await register(hr, { id_number: residentId(418), job_types: ['astronaut'] }), {
      status: 422,
      key: 'workforce.service_type_unknown',
    });
    expectError(assert, await register(dispatcher, { id_number: residentId(419) }), { status: 403 });

    // Found by the exact ID number through the blind index.
    const found = await hr.get(`/api/v1/workers?id_number=${idNumber}`);
    assert.equal(found.json.total, 1);
    // The full value only with a purpose, and the purpose is recorded.
    expectError(assert, await hr.post(`/api/v1/workers/${worker.id}/reveal`, { field: 'id_number' }), { status: 400 });
    const shown = await hr.post(`/api/v1/workers/${worker.id}/reveal`, { field: 'id_number', reason: '核对身份证原件' });
    assert.equal(shown.status, 200, shown.text);
    assert.equal(shown.json.value, idNumber);
  });

  test('the gate names every failing check, in the caller language', async () => {
    const r = await gate(dispatcher, worker.id, { service_type: 'nanny', ...period(2, 9) });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.decision, 'refused');
    const checks = r.json.reasons.map((x) => `${x.check}:${x.key}`);
    assert.deepEqual(checks, [
      'workforce.status:workforce.gate_status_applicant',
      'workforce.vetting:workforce.gate_background_missing',
      'workforce.vetting:workforce.gate_background_missing',
      'workforce.certificates:workforce.gate_certificate_missing',
      'workforce.certificates:workforce.gate_certificate_missing',
      'workforce.health:workforce.gate_health_missing',
    ]);
    assert.ok(r.json.checked.includes('incidents.open_serious_incident'), 'other modules’ checks are asked too');
    assert.ok(r.json.reasons.some((x) => x.message.includes('无犯罪记录证明')), JSON.stringify(r.json.reasons));
    assert.ok(r.json.reasons.some((x) => x.message.includes('家政服务员证')));
    const en = await gate(dispatcher, worker.id, { service_type: 'nanny', ...period(2, 9) }, { 'Accept-Language': 'en-US' });
    assert.ok(en.json.reasons.some((x) => x.message.includes('No-criminal-record certificate')), en.text);

    expectError(assert, await gate(dispatcher, worker.id, { service_type: 'astronaut' }), {
      status: 422,
      key: 'workforce.service_type_unknown',
    });
    // From day 9 to the end of day 2: the end before the start.
    expectError(assert, await gate(dispatcher, worker.id, { service_type: 'nanny', ...period(9, 2) }), {
      status: 422,
      key: 'workforce.period_invalid',
    });
  });

  test('records fix the refusal one by one until the gate allows, and a certificate ending mid-service refuses again', async () => {
    const w = `/api/v1/workers/${worker.id}`;
    const post = async (path, body, status = 201) => {
      const r = await hr.post(`${w}${path}`, body);
      assert.equal(r.status, status, r.text);
      return r.json;
    };
    expectError(assert, await hr.post(`${w}/certificates`, {
      kind: 'housekeeper', number: 'ZG1', issuer: '人社局', issued_on: day(-10), expires_on: day(-11),
    }), { status: 422, key: 'workforce.end_before_start' });
    expectError(assert, await hr.post(`${w}/certificates`, {
      kind: 'housekeeper', number: 'ZG1', issuer: '人社局', issued_on: '2026-02-30',
    }), { status: 400, key: 'common.field_format' });

    await post('/background-checks', { kind: 'criminal_record', result: 'clear', checked_on: day(-20), valid_until: day(700) });
    await post('/background-checks', { kind: 'mental_health', result: 'clear', checked_on: day(-20) });
    await post('/background-checks', { kind: 'credit', result: 'clear', checked_on: day(-20) });
    const housekeeper = await post('/certificates', {
      kind: 'housekeeper', number: 'ZG2026001', issuer: '北京市人社局', issued_on: day(-300), expires_on: day(5),
    });
    await post('/certificates', {
      kind: 'health_certificate', number: 'JK2026001', issuer: '朝阳区疾控中心', issued_on: day(-30), expires_on: day(330),
    });
    // Health data needs the worker's consent first.
    const check = { kind: 'entry', checked_on: day(-3), result: 'fit', next_due_on: day(362) };
    expectError(assert, await hr.post(`${w}/health-checks`, check), { status: 409, key: 'workforce.health_consent_missing' });
    await post('/health-consent', { text_version: 'health-2026-01' }, 200);
    const saved = await post('/health-checks', check);
    assert.equal(saved.result, 'fit', 'the cleared officer reads the result');
    const seen = await dispatcher.get(`${w}/credentials`);
    assert.equal(seen.status, 200, seen.text);
    assert.equal(seen.json.health_checks[0].result, '******', 'health data is masked for the dispatcher');

    const current = (await hr.get(w)).json;
    const active = await hr.post(`${w}/status`, { version: current.version, status: 'active', reason: '入职审查完成' });
    assert.equal(active.status, 200, active.text);

    // The housekeeper certificate ends on day 5: a service on days 2–4 passes with a warning, days 2–9 is refused.
    const short = await gate(dispatcher, worker.id, { service_type: 'nanny', ...period(2, 4) });
    assert.equal(short.json.decision, 'allowed', short.text);
    assert.deepEqual(short.json.warnings.map((x) => x.key), ['workforce.gate_expires_soon']);
    const long = await gate(dispatcher, worker.id, { service_type: 'nanny', ...period(2, 9) });
    assert.equal(long.json.decision, 'refused');
    assert.equal(long.json.reasons.length, 1, long.text);
    assert.equal(long.json.reasons[0].key, 'workforce.gate_certificate_expires_during');
    assert.equal(long.json.reasons[0].record_id, housekeeper.id);
    assert.equal(long.json.reasons[0].date, day(5));

    const colour = await dispatcher.get(`${w}/safety-colour`);
    assert.equal(colour.json.colour, 'yellow', colour.text);
    assert.ok(colour.json.reasons.some((x) => x.message === '资质证书'), colour.text);

    // A renewal fixes it.
    await post('/certificates', {
      kind: 'housekeeper', number: 'ZG2026002', issuer: '北京市人社局', issued_on: day(-1), expires_on: day(1095),
    });
    assert.equal((await gate(dispatcher, worker.id, { service_type: 'nanny', ...period(2, 9) })).json.decision, 'allowed');
    assert.equal((await dispatcher.get(`${w}/safety-colour`)).json.colour, 'green');

    // Suspension refuses at once.
    const v = (await hr.get(w)).json.version;
    assert.equal((await hr.post(`${w}/status`, { version: v, status: 'suspended', reason: '客户投诉调查中' })).status, 200);
    const suspended = await gate(dispatcher, worker.id, { service_type: 'nanny', ...period(2, 9) });
    assert.deepEqual(suspended.json.reasons.map((x) => x.key), ['workforce.gate_status_suspended']);
    const history = await hr.get(`${w}/history`);
    assert.deepEqual(history.json.items.map((e) => e.to_status), ['suspended', 'active', 'applicant']);
  });

  test('shifts show the working-time flags and a long day refuses a visit; limits are settings', async () => {
    const w = `/api/v1/workers/${worker.id}`;
    const v = (await hr.get(w)).json.version;
    assert.equal((await hr.post(`${w}/status`, { version: v, status: 'active', reason: '调查结束，恢复上岗' })).status, 200);
    const at = (offset, hour) => new Date(Date.parse(`${day(offset)}T${String(hour).padStart(2, '0')}:00:00+08:00`)).toISOString();
    const shift = await hr.post(`${w}/shifts`, { starts_at: at(3, 8), ends_at: at(3, 15), note: '上午班' });
    assert.equal(shift.status, 201, shift.text);
    expectError(assert, await hr.post(`${w}/shifts`, { starts_at: at(3, 8), ends_at: at(5, 8) }), {
      status: 422,
      key: 'workforce.shift_too_long',
    });
    // A three-hour visit on the same day makes ten hours: refused with the day and the hours.
    const visit = { service_type: 'nanny', from: at(3, 16), to: at(3, 19) };
    const refused = await gate(dispatcher, worker.id, visit);
    assert.equal(refused.json.decision, 'refused', refused.text);
    const hours = refused.json.reasons.find((x) => x.check === 'workforce.hours');
    assert.ok(hours, refused.text);
    assert.equal(hours.key, 'workforce.gate_hours_day_over');
    assert.equal(hours.params.hours, 10);
    assert.equal(hours.date, day(3));
    // The limit is a setting: at ten hours a day the same visit passes.
    const settings = (await hr.get('/api/v1/workforce/settings')).json;
    assert.deepEqual(settings, {
      daily_hours_max: 8, weekly_hours_max: 44, weekly_rest_days_min: 1, gate_warning_days: 30, integrity_points_max: 12,
    });
    expectError(assert, await dispatcher.put('/api/v1/workforce/settings', { ...settings, daily_hours_max: 10 }), { status: 403 });
    assert.equal((await hr.put('/api/v1/workforce/settings', { ...settings, daily_hours_max: 10 })).status, 200);
    assert.equal((await gate(dispatcher, worker.id, visit)).json.decision, 'allowed');
    await hr.put('/api/v1/workforce/settings', settings);
    const listed = await dispatcher.get(`${w}/shifts?${new URLSearchParams({ from: at(3, 0), to: at(4, 0) })}`);
    assert.equal(listed.status, 200, listed.text);
    assert.equal(listed.json.items.length, 1);
    assert.deepEqual(listed.json.flags, []);
  });

  test('violation points refuse at the limit; pay, social insurance and worker cases are kept and masked', async () => {
    const w = `/api/v1/workers/${worker.id}`;
    const nanny = { service_type: 'nanny', ...period(2, 4) };
    assert.equal((await gate(dispatcher, worker.id, nanny)).json.decision, 'allowed');
    const add = (body) => hr.post(`${w}/integrity`, body);
    expectError(assert, await add({ kind: 'violation', occurred_on: day(-3), points: 0, summary: '迟到' }), {
      status: 422, key: 'workforce.violation_points',
    });
    expectError(assert, await add({ kind: 'commendation', occurred_on: day(-3), points: 2, summary: '表扬' }), {
      status: 422, key: 'workforce.points_only_for_violations',
    });
    expectError(assert, await add({ kind: 'violation', occurred_on: day(1), points: 3, summary: '明天' }), {
      status: 422, key: 'workforce.date_in_future',
    });
    expectError(assert, await dispatcher.post(`${w}/integrity`, { kind: 'complaint', occurred_on: day(-1), summary: '投诉' }), {
      status: 403,
    });
    assert.equal((await add({ kind: 'commendation', occurred_on: day(-5), summary: '客户送锦旗表扬' })).status, 201);
    // Points older than a year do not count.
    assert.equal((await add({ kind: 'violation', occurred_on: day(-400), points: 12, summary: '一年前的违规' })).status, 201);
    assert.equal((await gate(dispatcher, worker.id, nanny)).json.decision, 'allowed');
    const first = await add({ kind: 'violation', occurred_on: day(-20), points: 6, summary: '服务期间擅离岗位，客户投诉属实' });
    assert.equal(first.status, 201, first.text);
    assert.equal(first.json.points, 6);
    const near = await gate(dispatcher, worker.id, nanny);
    assert.equal(near.json.decision, 'allowed');
    assert.equal((await add({ kind: 'violation', occurred_on: day(-2), points: 3, summary: '未按预检要求使用防滑垫' })).status, 201);
    const warned = await gate(dispatcher, worker.id, nanny);
    assert.equal(warned.json.decision, 'allowed', warned.text);
    assert.ok(warned.json.warnings.some((x) => x.key === 'workforce.gate_integrity_near' && x.params.points === 9), warned.text);
    assert.equal((await add({ kind: 'violation', occurred_on: day(-1), points: 3, summary: '私自收取客户小费' })).status, 201);
    const refused = await gate(dispatcher, worker.id, nanny);
    assert.equal(refused.json.decision, 'refused', refused.text);
    const reason = refused.json.reasons.find((x) => x.check === 'workforce.integrity');
    assert.equal(reason.key, 'workforce.gate_integrity_points');
    assert.equal(reason.params.points, 12);
    assert.ok(reason.message.includes('12'), reason.message);
    assert.equal((await dispatcher.get(`${w}/safety-colour`)).json.colour, 'red');
    // The limit is a setting.
    const settings = (await hr.get('/api/v1/workforce/settings')).json;
    assert.equal((await hr.put('/api/v1/workforce/settings', { ...settings, integrity_points_max: 15 })).status, 200);
    assert.equal((await gate(dispatcher, worker.id, nanny)).json.decision, 'allowed');
    assert.equal((await hr.put('/api/v1/workforce/settings', settings)).status, 200);

    // Pay in fen: one record a month, deductions within the gross, amounts masked below clearance 3.
    const month = day(-40).slice(0, 7);
    expectError(assert, await hr.post(`${w}/pay`, { period: '2026-13', gross_fen: 100, deductions_fen: 0 }), {
      status: 422, key: 'workforce.pay_period_invalid',
    });
    expectError(assert, await hr.post(`${w}/pay`, { period: month, gross_fen: 100, deductions_fen: 101 }), {
      status: 422, key: 'workforce.pay_deductions_exceed',
    });
    expectError(assert, await hr.post(`${w}/pay`, { period: month, gross_fen: 1.5, deductions_fen: 0 }), { status: 400 });
    const pay = await hr.post(`${w}/pay`, { period: month, gross_fen: 812345, deductions_fen: 81234, paid_on: day(-25) });
    assert.equal(pay.status, 201, pay.text);
    assert.equal(pay.json.net_fen, 731111);
    expectError(assert, await hr.post(`${w}/pay`, { period: month, gross_fen: 1, deductions_fen: 0 }), {
      status: 409, key: 'workforce.pay_period_exists',
    });

    assert.equal((await hr.put(`${w}/social-insurance`, { status: 'not_enrolled', since: day(-200) })).status, 200);
    assert.equal((await hr.put(`${w}/social-insurance`, { status: 'enrolled', since: day(-30) })).status, 200);

    // Cases: the worker's own complaint, closed with an outcome; psychological support is class 4.
    const grievance = await hr.post(`${w}/cases`, {
      kind: 'grievance', opened_on: day(-6), parties: '王秀英；客户李女士', summary: '客户要求加班但拒付加班费',
    });
    assert.equal(grievance.status, 201, grievance.text);
    expectError(assert, await hr.post(`${w}/cases/${grievance.json.id}/close`, { closed_on: day(-7), outcome: '调解成功' }), {
      status: 422, key: 'workforce.end_before_start',
    });
    const closed = await hr.post(`${w}/cases/${grievance.json.id}/close`, { closed_on: day(-1), outcome: '客户补付加班费 300 元' });
    assert.equal(closed.status, 200, closed.text);
    assert.equal(closed.json.status, 'closed');
    expectError(assert, await hr.post(`${w}/cases/${grievance.json.id}/close`, { closed_on: day(0), outcome: '再次结案' }), {
      status: 409, key: 'workforce.case_closed',
    });
    expectError(assert, await hr.post(`${w}/cases/999999/close`, { closed_on: day(0), outcome: '不存在' }), { status: 404 });
    assert.equal((await hr.post(`${w}/cases`, { kind: 'psych_support', opened_on: day(-1), summary: '遭遇客户辱骂后情绪低落' })).status, 201);

    const full = (await hr.get(`${w}/records`)).json;
    assert.equal(full.points, 12);
    assert.equal(full.points_max, 12);
    assert.equal(full.integrity.length, 5);
    assert.equal(full.integrity[0].summary, '私自收取客户小费', 'newest first, readable when cleared');
    assert.equal(full.pay[0].gross_fen, 812345);
    assert.equal(full.social_insurance.status, 'enrolled');
    assert.deepEqual(full.social_insurance_history.map((x) => x.status), ['enrolled', 'not_enrolled']);
    assert.deepEqual(full.cases.map((k) => `${k.kind}:${k.status}`), ['psych_support:open', 'grievance:closed']);
    assert.equal(full.cases[1].outcome, '客户补付加班费 300 元');

    const masked = await dispatcher.get(`${w}/records`);
    assert.equal(masked.status, 200, masked.text);
    assert.equal(masked.json.points, 12, 'points are not personal data');
    assert.equal(masked.json.pay[0].gross_fen, null);
    assert.deepEqual(masked.json.pay[0].masked_fields, ['gross_fen', 'deductions_fen', 'net_fen']);
    for (const secret of ['私自收取客户小费', '812345', '客户补付加班费', '遭遇客户辱骂', '王秀英；客户李女士']) {
      assert.ok(!masked.text.includes(secret), `the dispatcher does not read ${secret}`);
    }
    // A class-3 clearance reads the grievance but not the psychological support.
    const head = (await createUser(srv.admin, { roles: ['dept_head'], department_id: dept.id })).client;
    const clearance3 = (await head.get(`${w}/records`)).json;
    const psych = clearance3.cases.find((k) => k.kind === 'psych_support');
    assert.equal(psych.data_class, 4);
    assert.equal(psych.summary, '******');
    assert.equal(clearance3.cases.find((k) => k.kind === 'grievance').summary, '客户要求加班但拒付加班费');
    assert.equal(clearance3.pay[0].net_fen, 731111);
  });

  test('the Excel export is masked, and in full only for a cleared role stating a purpose (audited)', async () => {
    const dir = await tempDir('anxin-worker-export-');
    try {
      const full = await fetchBytes(hr, `/api/v1/workers/export.xlsx?${new URLSearchParams({ status: 'active', purpose: '社保申报核对身份信息' })}`);
      assert.equal(full.status, 200);
      assert.equal(full.headers.get('content-type'), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      assert.equal(full.body.subarray(0, 2).toString('latin1'), 'PK');
      const fullXml = await xlsxXml(full.body, dir);
      if (fullXml !== null) {
        assert.ok(fullXml.includes(idNumber), 'the cleared officer with a purpose reads the ID number');
        assert.ok(fullXml.includes('13912345678'));
      }
      for (const [c, query] of [[hr, { status: 'active' }], [dispatcher, { status: 'active', purpose: '想看看完整号码' }]]) {
        const r = await fetchBytes(c, `/api/v1/workers/export.xlsx?${new URLSearchParams(query)}`);
        assert.equal(r.status, 200);
        const xml = await xlsxXml(r.body, dir);
        if (xml === null) continue;
        assert.ok(xml.includes('王秀英'), 'the worker is in the file');
        assert.ok(!xml.includes(idNumber) && !xml.includes('13912345678') && !xml.includes('6222021234567890123'), 'masked');
        assert.ok(xml.includes('139****5678'), 'the masked phone is shown');
      }
      const none = await fetchBytes(hr, '/api/v1/workers/export.xlsx?status=left');
      const noneXml = await xlsxXml(none.body, dir);
      if (noneXml !== null) assert.ok(!noneXml.includes('王秀英'), 'the filter applies');
      const auditor = (await createUser(srv.admin, { roles: ['auditor'], department_id: srv.admin.me.user.department_id })).client;
      const audit = await auditor.get('/api/v1/audit/logs?entity=worker&action=export&page_size=10');
      assert.equal(audit.status, 200, audit.text);
      assert.ok(audit.json.items.some((e) => e.reason === '社保申报核对身份信息'), JSON.stringify(audit.json.items));
      assert.equal(audit.json.items.length, 4, 'every export is recorded');
    } finally {
      await removeDir(dir);
    }
  });

  test('service types list what the gate requires', async () => {
    const r = await dispatcher.get('/api/v1/workforce/service-types');
    assert.equal(r.status, 200, r.text);
    const nanny = r.json.items.find((s) => s.code === 'nanny');
    assert.deepEqual(nanny.required_certificates, ['housekeeper', 'health_certificate']);
    assert.ok(nanny.health_valid_days < r.json.items.find((s) => s.code === 'cleaning').health_valid_days);
  });
});

describe('the 安心码 public page', () => {
  let srv;
  let hr;
  let worker;
  const idNumber = residentId(512, { birth: '19790203' });

  before(async () => {
    srv = await startServer({ admin: true });
    hr = (await createUser(srv.admin, { roles: ['hr_officer'], department_id: srv.admin.me.user.department_id })).client;
    const r = await hr.post('/api/v1/workers', {
      department_id: srv.admin.me.user.department_id,
      name: '李淑珍',
      id_number: idNumber,
      phone: '13687654321',
      address: '上海市徐汇区漕溪北路 100 弄 8 号',
      job_types: ['cleaning'],
    });
    assert.equal(r.status, 201, r.text);
    worker = r.json;
  });
  after(async () => {
    await srv?.stop();
  });

  const publicPage = (token, headers = {}) => fetch(`${srv.base}/api/v1/public/safety-codes/${token}`, { headers });

  test('shows surname, job types and colour without login and without personal data; revoked equals unknown', async () => {
    const issued = await hr.post(`/api/v1/workers/${worker.id}/safety-code`);
    assert.equal(issued.status, 200, issued.text);
    assert.match(issued.json.path, /^\/s\/[A-Za-z0-9_-]{40,}$/);
    assert.ok(issued.json.qr_svg.startsWith('<svg') || issued.json.qr_svg.startsWith('<?xml'), issued.json.qr_svg.slice(0, 40));
    const token = issued.json.path.slice(3);

    const res = await publicPage(token);
    const text = await res.text();
    assert.equal(res.status, 200, text);
    const body = JSON.parse(text);
    assert.equal(body.name, '李**');
    assert.deepEqual(body.job_types, [{ code: 'cleaning', name: '保洁' }]);
    assert.equal(body.colour, 'red', 'an applicant without records is refused');
    assert.ok(body.reasons.length > 0);
    for (const secret of [idNumber, idNumber.slice(-4), '13687654321', '漕溪北路', '李淑珍']) {
      assert.ok(!text.includes(secret), `the public page leaks ${secret}: ${text}`);
    }

    // Issuing again rotates: the old token stops answering. Revoking ends the new one. Both answer as unknown.
    const again = await hr.post(`/api/v1/workers/${worker.id}/safety-code`);
    const newToken = again.json.path.slice(3);
    const unknown = await publicPage('x'.repeat(43));
    const old = await publicPage(token);
    assert.equal(old.status, 404);
    assert.equal(unknown.status, 404);
    assert.deepEqual((await old.json()).error.key, (await unknown.json()).error.key);
    assert.equal((await publicPage(newToken)).status, 200);
    assert.equal((await hr.delete(`/api/v1/workers/${worker.id}/safety-code`)).status, 204);
    assert.equal((await publicPage(newToken)).status, 404);
    expectError(assert, await hr.get(`/api/v1/workers/${worker.id}/safety-code`), { status: 404, key: 'workforce.safety_code_none' });
  });

  test('the public page is rate-limited per address', async () => {
    let limited;
    for (let i = 0; i < 40 && !limited; i += 1) {
      const r = await publicPage(`guess${i}`.padEnd(43, 'a'));
      if (r.status === 429) limited = await r.json();
    }
    assert.ok(limited, 'no 429 within 40 requests');
    assert.equal(limited.error.key, 'common.rate_limited');
  });
});

describe('worker import', () => {
  let srv;
  let hr;
  let code;
  const header = '姓名,身份证号,手机号,住址,银行账号,紧急联系人,服务类型,部门编码,用工方式,合作机构\r\n';

  before(async () => {
    srv = await startServer({ admin: true });
    code = uniq('IMP');
    const d = await srv.admin.post('/api/v1/departments', {
      name: `保洁部${uniq('')}`,
      code,
      kind: 'department',
      parent_id: srv.admin.me.user.department_id,
    });
    assert.equal(d.status, 201, d.text);
    hr = (await createUser(srv.admin, { roles: ['hr_officer'], department_id: srv.admin.me.user.department_id })).client;
  });
  after(async () => {
    await srv?.stop();
  });

  const upload = (p, body, type = 'text/csv') => hr.raw('POST', p, { body, headers: { 'Content-Type': type } });
  const total = async () => (await hr.get('/api/v1/workers?page_size=1')).json.total;

  test('the template downloads; a file with bad rows imports nothing and names each one, masked', async () => {
    const t = await hr.get('/api/v1/workers/import/template');
    assert.equal(t.status, 200);
    assert.match(t.headers.get('content-type'), /text\/csv/);
    assert.ok(t.text.replace(/^\uFEFF/, '').startsWith('姓名,身份证号'), t.text.slice(0, 20));

    const good = residentId(601, { birth: '19800101' });
    const bad = `${good.slice(0, 17)}${good[17] === '0' ? '1' : '0'}`;
    const csv = `${header}王芳,${good},13912345678,,,,保洁,${code},,\r\n李娜,${bad},,,,,保洁,${code},,\r\n`;
    const r = await upload('/api/v1/workers/import', csv);
    expectError(assert, r, { status: 422, key: 'workforce.import_rows_invalid' });
    assert.equal(r.json.error.details.rows, 2);
    assert.equal(r.json.error.details.error_count, 1);
    const [problem] = r.json.error.details.errors;
    assert.equal(problem.row, 3);
    assert.equal(problem.column, '身份证号');
    assert.equal(problem.key, 'workforce.id_number_invalid');
    assert.ok(!r.text.includes(bad) && !r.text.includes(good), 'no ID number in the answer');
    assert.equal(await total(), 0, 'all or nothing');

    const report = await upload('/api/v1/workers/import/report', csv);
    assert.equal(report.status, 200);
    assert.match(report.headers.get('content-type'), /spreadsheetml/);

    const fixed = `${header}王芳,${good},13912345678,,,,保洁,${code},,\r\n李娜,${residentId(602)},,,,,保洁,${code},,\r\n`;
    const dry = await upload('/api/v1/workers/import?dry_run=true', fixed);
    assert.deepEqual(dry.json, { rows: 2, imported: 0, dry_run: true });
    assert.equal(await total(), 0);
    const ok = await upload('/api/v1/workers/import', fixed);
    assert.equal(ok.status, 200, ok.text);
    assert.equal(ok.json.imported, 2);
    assert.equal(await total(), 2);
  });

  test('wrong media types and unreadable files are refused with their own status', async () => {
    expectError(assert, await upload('/api/v1/workers/import', '{"a":1}', 'application/json'), { status: 415 });
    expectError(assert, await upload('/api/v1/workers/import', `${header}"unterminated,\n`), {
      status: 422,
      key: 'workforce.import_unreadable',
    });
    expectError(assert, await upload('/api/v1/workers/import', 'x'.repeat(15 * 1024 * 1024)), { status: 413 });
  });

  test('anxin import workers imports from the command line with progress', async () => {
    const file = path.join(srv.dir, 'workers.csv');
    await fsp.writeFile(file, `${header}赵敏,${residentId(603)},,,,,钟点工,${code},,\r\n`);
    const r = await runCli(['import', 'workers', file, '--data-dir', srv.dir], { timeoutMs: 60_000 });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Imported 1 workers/);
    assert.match(r.stderr, /1\/1/);
    assert.equal(await total(), 3);
  });
});
