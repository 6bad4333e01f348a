// Files of an incident over HTTP: an agent attaches a real PNG (made here with zlib), a page disguised
// as a picture and an oversized body are refused, the picture downloads byte for byte with the headers
// that keep browsers from rendering it, names and downloads follow clearance, and the incident report
// (PDF, checked with poppler's pdftotext/pdffonts when installed) and the list export (Excel, unzipped
// with python3) show class-3 text only to those who may see it.

import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import zlib from 'node:zlib';

import {
  createUser,
  expectError,
  fetchBytes,
  recordSeeds,
  removeDir,
  startServer,
  tempDir,
  tool,
  uniq,
  uniqUsername,
  xlsxXml as xlsxIn,
} from './harness.mjs';

const PLACE = '北京市海淀区学院路37号院6号楼502';
const CUSTOMER = '欧阳明珠';
const DESCRIPTION = '上门保洁时顾客欧阳明珠在浴室滑倒，左腕疼痛';
const FILE_NAME = '现场照片 1.png';

/** CRC-32 (IEEE) of a buffer, as PNG chunks need it. */
function crc32(buf) {
  let c = ~0;
  for (const byte of buf) {
    c ^= byte;
    for (let k = 0; k < 8; k += 1) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}

function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/** A valid RGB PNG of `size`×`size` pixels with random colours (so every run uploads new bytes). */
function makePng(size = 16) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // truecolour
  const rows = [];
  for (let y = 0; y < size; y += 1) rows.push(Buffer.concat([Buffer.from([0]), crypto.randomBytes(size * 3)]));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const sha256 = (buf) => crypto.createHash('sha256').update(buf).digest('hex');

/** Runs a tool; null when it is not installed. */
/** POST of a raw body with its Content-Type through a session client. */
function upload(c, incidentId, body, { type = 'image/png', name = FILE_NAME } = {}) {
  return c.raw('POST', `/api/v1/incidents/${incidentId}/attachments?name=${encodeURIComponent(name)}`, {
    body,
    headers: { 'Content-Type': type },
  });
}

describe('incident files', () => {
  let srv;
  let dir;
  let safety; // clearance 4, whole company
  let agent; // the reporter, clearance 2
  let colleague; // same department, clearance 2, not the reporter
  let incident;
  let png;
  let attachment;

  /** The text of a PDF (pdftotext), without spaces; null when poppler is not installed. */
  async function pdfText(bytes) {
    const file = path.join(dir, `r-${uniq('')}.pdf`);
    await fsp.writeFile(file, bytes);
    const text = tool('pdftotext', ['-enc', 'UTF-8', file, '-']);
    return text === null ? null : text.replace(/ /g, '');
  }

  before(async () => {
    dir = await tempDir('anxin-incident-files-');
    srv = await startServer({ admin: true });
    const admin = srv.admin;
    const rootId = admin.me.user.department_id;
    const d = await admin.post('/api/v1/departments', { name: `海淀服务站${uniq('')}`, code: uniq('IF'), kind: 'site', parent_id: rootId });
    assert.equal(d.status, 201, d.text);
    safety = await createUser(admin, { username: uniqUsername('safe'), roles: ['safety_manager'], department_id: rootId });
    agent = await createUser(admin, { username: uniqUsername('agt'), roles: ['agent'], department_id: d.json.id });
    colleague = await createUser(admin, { username: uniqUsername('col'), roles: ['agent'], department_id: d.json.id });
    recordSeeds('incident_files', [PLACE, CUSTOMER, DESCRIPTION]);

    const r = await agent.client.post('/api/v1/incidents', {
      type: 'customer_injury',
      title: '顾客浴室滑倒',
      department_id: d.json.id,
      place: PLACE,
      nature: '意外伤害',
      scope: '一名顾客',
      injuries: 1,
      description: DESCRIPTION,
      measures: '已陪同就医',
      level: 4,
      people: [{ role: 'customer', name: CUSTOMER, injured: true }],
    });
    assert.equal(r.status, 201, r.text);
    incident = r.json;
    png = makePng();
  });
  after(async () => {
    await srv?.stop();
    await removeDir(dir);
  });

  test('a real PNG is attached and put on the timeline', async () => {
    const r = await upload(agent.client, incident.id, png);
    assert.equal(r.status, 201, r.text);
    attachment = r.json;
    assert.equal(attachment.name, FILE_NAME);
    assert.equal(attachment.media_type, 'image/png');
    assert.equal(attachment.size_bytes, png.length);
    assert.equal(attachment.sha256, sha256(png));
    assert.equal(attachment.uploaded_by, agent.user.id);
    assert.equal(attachment.downloadable, true);

    const tl = await agent.client.get(`/api/v1/incidents/${incident.id}/timeline`);
    assert.equal(tl.status, 200, tl.text);
    const ev = tl.json.items.find((e) => e.kind === 'attachment');
    assert.ok(ev, tl.text);
    assert.equal(ev.summary, `attachment:${attachment.id}`);
  });

  test('pages disguised as pictures, wrong types, bad names and oversized bodies are refused', async () => {
    const html = Buffer.from('<!DOCTYPE html><html><body><script>fetch("/api/v1/auth/me")</script></body></html>');
    const disguised = await upload(agent.client, incident.id, html);
    const e = expectError(assert, disguised, { status: 415, code: 'unsupported_media_type', key: 'incidents.attachment_type_refused' });
    assert.equal(e.details.detected, 'text/html');
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
    expectError(assert, await upload(agent.client, incident.id, svg), { status: 415, key: 'incidents.attachment_type_refused' });
    expectError(assert, await upload(agent.client, incident.id, png, { type: 'image/jpeg' }), {
      status: 415,
      key: 'incidents.attachment_type_refused',
    });
    expectError(assert, await upload(agent.client, incident.id, html, { type: 'text/html' }), {
      status: 415,
      key: 'common.upload_media_type',
    });
    expectError(assert, await upload(agent.client, incident.id, Buffer.alloc(0)), { status: 400, key: 'common.body_required' });
    expectError(assert, await upload(agent.client, incident.id, png, { name: '../../etc/passwd' }), {
      status: 400,
      key: 'incidents.attachment_name_invalid',
    });

    // Up to 10 MiB for this route only; the JSON limit of every other route stays 1 MiB.
    const big = Buffer.concat([png, Buffer.alloc(10 * 1024 * 1024 + 1 - png.length)]);
    const tooBig = await upload(agent.client, incident.id, big);
    const e413 = expectError(assert, tooBig, { status: 413, key: 'common.payload_too_large' });
    assert.equal(e413.details.max_bytes, 10 * 1024 * 1024);
    const followUp = await agent.client.post(`/api/v1/incidents/${incident.id}/follow-ups`, { text: 'x'.repeat(2 * 1024 * 1024) });
    expectError(assert, followUp, { status: 413, key: 'common.payload_too_large' });

    const list = await agent.client.get(`/api/v1/incidents/${incident.id}/attachments`);
    assert.equal(list.status, 200, list.text);
    assert.deepEqual(list.json.items.map((a) => a.id), [attachment.id], 'nothing refused was stored');
  });

  test('downloads are byte for byte, as attachments, never rendered', async () => {
    const r = await fetchBytes(agent.client, `/api/v1/incidents/${incident.id}/attachments/${attachment.id}`);
    assert.equal(r.status, 200);
    assert.ok(r.body.equals(png), 'the downloaded bytes are the uploaded ones');
    assert.equal(r.headers.get('content-type'), 'image/png');
    assert.equal(r.headers.get('content-disposition'), `attachment; filename*=UTF-8''${encodeURIComponent(FILE_NAME)}`);
    assert.equal(r.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(r.headers.get('content-security-policy'), 'sandbox');
    assert.equal(r.headers.get('cache-control'), 'private, no-store');
  });

  test('names and downloads need clearance 3 or being the uploader', async () => {
    const listed = await colleague.client.get(`/api/v1/incidents/${incident.id}/attachments`);
    assert.equal(listed.status, 200, listed.text);
    assert.equal(listed.json.items[0].name, '******');
    assert.equal(listed.json.items[0].downloadable, false);
    const refused = await colleague.client.get(`/api/v1/incidents/${incident.id}/attachments/${attachment.id}`);
    expectError(assert, refused, { status: 403, key: 'incidents.attachment_restricted' });

    const full = await safety.client.get(`/api/v1/incidents/${incident.id}/attachments`);
    assert.equal(full.json.items[0].name, FILE_NAME);
    const r = await fetchBytes(safety.client, `/api/v1/incidents/${incident.id}/attachments/${attachment.id}`);
    assert.equal(r.status, 200);
    assert.ok(r.body.equals(png));
    const missing = await safety.client.get(`/api/v1/incidents/${incident.id}/attachments/987654321`);
    expectError(assert, missing, { status: 404, key: 'incidents.attachment_not_found' });
  });

  test('the PDF report: Chinese text, the number, embedded fonts; masked below clearance 3', async () => {
    const r = await fetchBytes(safety.client, `/api/v1/incidents/${incident.id}/report.pdf`);
    assert.equal(r.status, 200, r.body.toString('utf8', 0, 500));
    assert.equal(r.headers.get('content-type'), 'application/pdf');
    assert.equal(r.headers.get('content-disposition'), `attachment; filename*=UTF-8''${incident.number}.pdf`);
    assert.equal(r.headers.get('cache-control'), 'private, no-store');
    assert.equal(r.body.subarray(0, 5).toString('latin1'), '%PDF-');

    const text = await pdfText(r.body);
    if (text === null) return; // poppler-utils not installed: the bytes above are all we can check
    assert.ok(text.includes('突发事件报告'), text);
    assert.ok(text.includes(incident.number), text);
    assert.ok(text.includes(PLACE.replace(/ /g, '')), 'clearance 4 sees the place');
    assert.ok(text.includes(CUSTOMER), 'clearance 4 sees the name');
    assert.ok(text.includes(FILE_NAME.replace(/ /g, '')), 'the attachment is listed');
    assert.match(text, /第1页\/共\d+页/);
    const file = path.join(dir, 'fonts.pdf');
    await fsp.writeFile(file, r.body);
    const fonts = tool('pdffonts', [file]);
    const cjk = fonts.split('\n').filter((l) => l.includes('NotoSansCJK'));
    assert.ok(cjk.length > 0, fonts);
    for (const l of cjk) assert.match(l, /\s+yes\s+yes\s+(yes|no)\s+\d+\s+\d+\s*$/, `font not embedded: ${l}`);

    const low = await fetchBytes(colleague.client, `/api/v1/incidents/${incident.id}/report.pdf`);
    assert.equal(low.status, 200);
    const lowText = await pdfText(low.body);
    assert.ok(lowText.includes(incident.number));
    assert.ok(!lowText.includes('学院路'), 'the place is masked below clearance 3');
    assert.ok(!lowText.includes(CUSTOMER), 'the name is masked below clearance 3');
    assert.ok(!lowText.includes('浴室滑倒，左腕'), 'the description is masked below clearance 3');
    assert.ok(lowText.includes('欧***'), 'the name shows masked, as in the JSON API');

    const en = await fetchBytes(safety.client, `/api/v1/incidents/${incident.id}/report.pdf`, { 'Accept-Language': 'en-US' });
    assert.ok((await pdfText(en.body)).includes('Incidentreport'));
    expectError(
      assert,
      await colleague.client.get('/api/v1/incidents/987654321/report.pdf'),
      { status: 404, key: 'incidents.not_found' },
    );
  });

  test('the Excel export: same filters as the list, header in the caller\'s language, masked by clearance', async () => {
    const r = await fetchBytes(safety.client, '/api/v1/incidents/export.xlsx?type=customer_injury');
    assert.equal(r.status, 200, r.body.toString('utf8', 0, 500));
    assert.equal(r.headers.get('content-type'), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    assert.match(r.headers.get('content-disposition'), /^attachment; filename\*=UTF-8''incidents-\d{8}-\d{4}\.xlsx$/);
    assert.equal(r.body.subarray(0, 2).toString('latin1'), 'PK');
    const xml = await xlsxIn(r.body, dir);
    if (xml === null) return; // python3 not installed
    assert.ok(xml.includes('事件编号'), 'Chinese header by default');
    assert.ok(xml.includes(incident.number));
    assert.ok(xml.includes(PLACE), 'clearance 4 sees the place');
    assert.ok(xml.includes(CUSTOMER));
    assert.ok(xml.includes('state="frozen"'), 'the header row is frozen');

    const low = await fetchBytes(colleague.client, '/api/v1/incidents/export.xlsx', { 'Accept-Language': 'en-US' });
    assert.equal(low.status, 200);
    const lowXml = await xlsxIn(low.body, dir);
    assert.ok(lowXml.includes('Number') && !lowXml.includes('事件编号'), 'English header for en-US');
    assert.ok(lowXml.includes(incident.number), 'the colleague lists the department\'s incident');
    assert.ok(!lowXml.includes('学院路') && !lowXml.includes(CUSTOMER), 'class-3 columns are masked below clearance 3');
    assert.ok(lowXml.includes('******'));

    const other = await fetchBytes(safety.client, '/api/v1/incidents/export.xlsx?level=1');
    assert.equal(other.status, 200);
    assert.ok(!(await xlsxIn(other.body, dir)).includes(incident.number), 'the filter applies');
    expectError(assert, await safety.client.get('/api/v1/incidents/export.xlsx?from=yesterday'), {
      status: 400,
      key: 'common.query_invalid',
    });
  });

  test('the OpenAPI document describes the upload and the downloads as binary', async () => {
    const doc = (await safety.client.get('/api/openapi.json')).json;
    const up = doc.paths['/api/v1/incidents/{id}/attachments'].post;
    assert.deepEqual(up.requestBody.content['image/png'].schema, { type: 'string', format: 'binary' });
    assert.equal(up.requestBody.content['application/json'], undefined);
    assert.equal(up.requestBody['x-max-bytes'], 10 * 1024 * 1024);
    assert.ok(doc.paths['/api/v1/incidents/{id}/report.pdf'].get.responses['200'].content['application/pdf']);
    assert.ok(
      doc.paths['/api/v1/incidents/export.xlsx'].get.responses['200'].content[
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
      ],
    );
  });
});
