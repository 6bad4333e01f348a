import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import enUS from '@/locales/en-US';
import zhCN from '@/locales/zh-CN';
import {
  CHANNEL_KINDS,
  DELIVERY_ERROR_KEYS,
  checkEndpoint,
  checkOptional,
  checkSender,
  deliveryErrorKey,
  deliveryStatusType,
  endpointExample,
  isMailKind,
  secretRequired,
} from '@/utils/notify';

// The client-side checks of the notification channel form mirror channel_service.cpp and
// payloads.cpp (parse_mailbox): same keys, so the form shows what the server would have said.

describe('notification channel kinds', () => {
  it('have an endpoint example each; only e-mail takes SMTP fields, only SMS needs a secret', () => {
    for (const k of CHANNEL_KINDS) expect(endpointExample(k)).not.toBe('');
    expect(endpointExample('email')).toMatch(/^smtps:\/\//);
    expect(endpointExample('wecom')).toContain('qyapi.weixin.qq.com');
    expect(endpointExample('dingtalk')).toContain('oapi.dingtalk.com/robot/send?access_token=');
    expect(endpointExample('feishu')).toContain('open.feishu.cn/open-apis/bot/v2/hook/');
    expect(endpointExample('')).toBe('');
    expect(CHANNEL_KINDS.filter(isMailKind)).toEqual(['email']);
    expect(CHANNEL_KINDS.filter(secretRequired)).toEqual(['sms']);
  });
});

describe('checkEndpoint', () => {
  it('wants smtp(s):// for e-mail and http(s):// for the others', () => {
    expect(checkEndpoint('email', 'smtps://smtp.example.com:465')).toBeNull();
    expect(checkEndpoint('email', 'smtp://smtp.example.com:587')).toBeNull();
    expect(checkEndpoint('email', 'https://smtp.example.com')?.key).toBe('notify.endpoint_invalid');
    expect(checkEndpoint('wecom', 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc')).toBeNull();
    expect(checkEndpoint('sms', 'http://10.0.0.5:8080/send')).toBeNull();
    expect(checkEndpoint('dingtalk', 'smtp://oapi.dingtalk.com')?.key).toBe('notify.endpoint_invalid');
  });

  it('accepts the masked form the server answers (sent back unchanged it keeps the stored URL)', () => {
    expect(checkEndpoint('wecom', 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=****')).toBeNull();
    expect(checkEndpoint('feishu', 'https://open.feishu.cn/open-apis/bot/v2/hook/****')).toBeNull();
  });

  it('refuses empty, spaces, control or non-ASCII characters, a missing host and credentials', () => {
    expect(checkEndpoint('wecom', '', 'Endpoint')).toEqual({ key: 'common.field_required', params: { field: 'Endpoint' } });
    expect(checkEndpoint('wecom', 'https://exa mple.com')?.key).toBe('notify.endpoint_invalid');
    expect(checkEndpoint('wecom', 'https://example.com/\u0001')?.key).toBe('notify.endpoint_invalid');
    expect(checkEndpoint('wecom', 'https://例子.com')?.key).toBe('notify.endpoint_invalid');
    expect(checkEndpoint('wecom', 'https:///path')?.key).toBe('notify.endpoint_invalid');
    expect(checkEndpoint('email', 'smtps://user:pw@smtp.example.com')?.key).toBe('notify.endpoint_credentials');
    // An @ after the host is not a credential.
    expect(checkEndpoint('sms', 'https://sms.example.com/send?to=a@b')).toBeNull();
    expect(checkEndpoint('sms', `https://x.example.com/${'a'.repeat(1024)}`)?.key).toBe('common.field_too_long');
  });
});

describe('checkSender', () => {
  it('takes "Name <address>" or a bare address', () => {
    expect(checkSender('安心平台 <noreply@example.com>')).toBeNull();
    expect(checkSender('"Anxin" <noreply@example.com>')).toBeNull();
    expect(checkSender('noreply@example.com')).toBeNull();
    expect(checkSender('  noreply@localhost  ')).toBeNull();
  });

  it('refuses empty, malformed and over-long senders', () => {
    expect(checkSender('', '发件人')).toEqual({ key: 'common.field_required', params: { field: '发件人' } });
    expect(checkSender('noreply')?.key).toBe('notify.sender_invalid');
    expect(checkSender('Anxin <noreply@example.com')?.key).toBe('notify.sender_invalid');
    expect(checkSender('a@b@c')?.key).toBe('notify.sender_invalid');
    expect(checkSender('@example.com')?.key).toBe('notify.sender_invalid');
    expect(checkSender('x <no reply@example.com>')?.key).toBe('notify.sender_invalid');
    expect(checkSender(`${'a'.repeat(250)}@example.com`)?.key).toBe('common.field_too_long');
  });
});

describe('checkOptional and delivery status colours', () => {
  it('limits optional text', () => {
    expect(checkOptional('', 'username', 128)).toBeNull();
    expect(checkOptional('x'.repeat(129), 'username', 128)?.key).toBe('common.field_too_long');
    expect(checkOptional('a\tb', 'username', 128)?.key).toBe('common.field_control_chars');
  });

  it('colours dead letters as danger and sent as success', () => {
    expect(deliveryStatusType('dead')).toBe('danger');
    expect(deliveryStatusType('sent')).toBe('success');
    expect(deliveryStatusType('pending')).toBe('info');
  });
});

type Tree = { notify: { delivery: { errors: Record<string, string> } } };

describe("delivery errors in the user's language", () => {
  it('names every reason the sender records itself, in both languages', () => {
    const notify = path.resolve(__dirname, '../../../src/modules/notify');
    const sender = ['notifier.cpp', 'delivery_sender.cpp']
      .map((f) => fs.readFileSync(path.join(notify, f), 'utf8'))
      .join('\n');
    for (const [reason, key] of Object.entries(DELIVERY_ERROR_KEYS)) {
      expect(sender.includes(`"${reason}"`), `the notifier still records "${reason}"`).toBe(true);
      expect((zhCN as unknown as Tree).notify.delivery.errors[key], `zh-CN ${key}`).toBeTruthy();
      expect((enUS as unknown as Tree).notify.delivery.errors[key], `en-US ${key}`).toBeTruthy();
    }
    expect(deliveryErrorKey('no enabled SMS channel')).toBe('noSmsChannel');
    // A remote server's reply is shown as it came.
    expect(deliveryErrorKey('HTTP 502')).toBeNull();
    expect(deliveryErrorKey(null)).toBeNull();
  });
});
