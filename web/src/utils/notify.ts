import { enumValues } from '@/api/enums';
import { bodyLimits } from '@/api/limits';
import type { ChannelKind, DeliveryChannel, DeliveryStatus } from '@/api/types';
import { charLength, type Problem } from './validators';

// Notification channels (SMTP servers, group robots, SMS gateways) and their deliveries: the
// choices and client-side checks that mirror channel_service.cpp, within the limits of POST/PATCH
// /notify/channels (src/api/limits.ts). The server checks everything again.

export const CHANNEL_KINDS = enumValues<ChannelKind>()(['email', 'wecom', 'dingtalk', 'feishu', 'sms']);
export const DELIVERY_CHANNELS = enumValues<DeliveryChannel>()(['inapp', 'email', 'sms', 'wecom', 'dingtalk', 'feishu']);
export const DELIVERY_STATUSES = enumValues<DeliveryStatus>()(['pending', 'sent', 'dead']);

/** An example endpoint of each kind (the endpoint input's placeholder). */
export const ENDPOINT_EXAMPLES: Record<ChannelKind, string> = {
  email: 'smtps://smtp.example.com:465',
  wecom: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…',
  dingtalk: 'https://oapi.dingtalk.com/robot/send?access_token=…',
  feishu: 'https://open.feishu.cn/open-apis/bot/v2/hook/…',
  sms: 'https://sms.example.com/api/send',
};

export function endpointExample(kind: ChannelKind | '' | null | undefined): string {
  return kind ? ENDPOINT_EXAMPLES[kind] : '';
}

/** E-mail channels have an SMTP user name and a sender (From) address; the others do not. */
export function isMailKind(kind: ChannelKind | '' | null | undefined): boolean {
  return kind === 'email';
}

/** An SMS gateway signs its requests with the channel's secret, so it must have one. */
export function secretRequired(kind: ChannelKind | '' | null | undefined): boolean {
  return kind === 'sms';
}

function hasControlChars(s: string): boolean {
  return /[\u0000-\u001f\u007f]/.test(s);
}

/**
 * The endpoint as channel_service.cpp checks it: printable ASCII without spaces, smtp:// or
 * smtps:// for e-mail and http(s):// for the others, a host, and no credentials in the URL (they
 * belong in the user name and secret, which are never shown again). `field` names the field in
 * the messages.
 */
export function checkEndpoint(kind: ChannelKind, value: string, field = 'endpoint'): Problem | null {
  if (value === '') return { key: 'common.field_required', params: { field } };
  const max = bodyLimits.postNotifyChannels.endpoint.maxLength;
  if (charLength(value) > max) return { key: 'common.field_too_long', params: { field, max } };
  const invalid: Problem = { key: 'notify.endpoint_invalid', params: { field } };
  if (!/^[\x21-\x7e]+$/.test(value)) return invalid;
  const schemes = isMailKind(kind) ? ['smtp://', 'smtps://'] : ['https://', 'http://'];
  if (!schemes.some((s) => value.startsWith(s))) return invalid;
  const rest = value.slice(value.indexOf('://') + 3);
  const authority = rest.split(/[/?#]/, 1)[0] ?? '';
  if (authority === '') return invalid;
  if (authority.includes('@')) return { key: 'notify.endpoint_credentials', params: { field } };
  return null;
}

/** Optional text of at most `max` characters without control characters. */
export function checkOptional(value: string, field: string, max: number): Problem | null {
  if (charLength(value) > max) return { key: 'common.field_too_long', params: { field, max } };
  if (hasControlChars(value)) return { key: 'common.field_control_chars', params: { field } };
  return null;
}

/** A mail address as payloads.cpp accepts it: one @ inside, printable ASCII, no specials. */
function validAddress(address: string): boolean {
  if (address.length === 0 || address.length > 254) return false;
  const at = address.lastIndexOf('@');
  if (at <= 0 || at + 1 >= address.length || address.indexOf('@') !== at) return false;
  return /^[\x21-\x7e]+$/.test(address) && !/["<>,;()\\[\]]/.test(address);
}

/** The e-mail sender (From): required, "Name <addr@host>" or a bare address, as parse_mailbox reads it. */
export function checkSender(value: string, field = 'sender'): Problem | null {
  const long = checkOptional(value, field, bodyLimits.postNotifyChannels.sender.maxLength);
  if (long) return long;
  const v = value.replace(/^ +| +$/g, '');
  if (v === '') return { key: 'common.field_required', params: { field } };
  const open = v.indexOf('<');
  let address = v;
  if (open >= 0) {
    if (!v.endsWith('>')) return { key: 'notify.sender_invalid', params: { field } };
    address = v.slice(open + 1, -1);
  }
  return validAddress(address) ? null : { key: 'notify.sender_invalid', params: { field } };
}

/** The tag colour of a delivery's status. */
export function deliveryStatusType(status: DeliveryStatus): 'info' | 'success' | 'danger' {
  if (status === 'sent') return 'success';
  if (status === 'dead') return 'danger';
  return 'info';
}

/**
 * The reasons the sender records for a failed delivery that are anxin's own (not a remote server's
 * reply), and the message key under notify.delivery.errors that says them in the user's language.
 */
export const DELIVERY_ERROR_KEYS: Record<string, string> = {
  'no enabled SMS channel': 'noSmsChannel',
  'no enabled e-mail channel': 'noEmailChannel',
  'recipient has no mobile number': 'noMobile',
  'recipient has no valid e-mail address': 'noEmail',
  'channel deleted': 'channelDeleted',
  'channel disabled': 'channelDisabled',
  'channel secret unreadable': 'secretUnreadable',
  'channel sender invalid': 'senderInvalid',
  'message parameters unreadable': 'paramsUnreadable',
  'no contact lookup configured': 'noContactLookup',
  'not a group channel': 'notGroupChannel',
  'internal error': 'internal',
};

/** The message key of a recorded delivery error, or null when it is a remote reply shown as it came. */
export function deliveryErrorKey(lastError: string | null | undefined): string | null {
  return lastError ? (DELIVERY_ERROR_KEYS[lastError] ?? null) : null;
}
