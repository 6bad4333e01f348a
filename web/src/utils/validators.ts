import { bodyLimits } from '@/api/limits';

// Client-side checks that mirror the server's own (src/modules/identity, src/platform/text):
// the limits of its OpenAPI document (src/api/limits.ts), and failures named by the same message
// keys, so a form shows the message the server would have sent. The server checks everything again.

/** The length limits of a text field, as src/api/limits.ts has them. */
export interface TextLimit {
  readonly minLength?: number;
  readonly maxLength: number;
}

/** The bounds of a number field, as src/api/limits.ts has them. */
export interface NumberLimit {
  readonly minimum?: number;
  readonly maximum?: number;
}

/** A failed check: the message key (under errors.*) and its parameters. */
export interface Problem {
  key: string;
  params?: Record<string, unknown>;
}

/** Length in Unicode code points, as the server counts UTF-8 characters. */
export function charLength(s: string): number {
  let n = 0;
  for (const _ of s) n += 1;
  return n;
}

/** `^[chars]{min,max}$` with the bounds of `limit`. */
export function codePattern(chars: string, limit: TextLimit): RegExp {
  return new RegExp(`^[${chars}]{${limit.minLength ?? 0},${limit.maxLength}}$`);
}

// The characters are the server's (its document gives only the lengths).
export const USERNAME_RE = codePattern('a-z0-9_.-', bodyLimits.postUsers.username);
export const DEPARTMENT_CODE_RE = codePattern('A-Za-z0-9_-', bodyLimits.postDepartments.code);
export const ROLE_CODE_RE = codePattern('a-z0-9_', bodyLimits.postRoles.code);

export function checkUsername(s: string): Problem | null {
  return USERNAME_RE.test(s) ? null : { key: 'identity.username_invalid' };
}

/** Required text of min..max characters (display names, department and role names: 1–64). */
export function checkText(s: string, field: string, min: number, max: number): Problem | null {
  const n = charLength(s);
  if (n === 0 && min > 0) return { key: 'common.field_required', params: { field } };
  if (n < min) return { key: 'common.field_too_short', params: { field, min } };
  if (n > max) return { key: 'common.field_too_long', params: { field, max } };
  if (/[\u0000-\u001f\u007f]/.test(s)) return { key: 'common.field_control_chars', params: { field } };
  return null;
}

export function checkDepartmentCode(s: string): Problem | null {
  if (s.length === 0) return { key: 'common.field_required', params: { field: 'code' } };
  return DEPARTMENT_CODE_RE.test(s) ? null : { key: 'common.field_format', params: { field: 'code', format: '[A-Za-z0-9_-]' } };
}

export function checkRoleCode(s: string): Problem | null {
  if (s.length === 0) return { key: 'common.field_required', params: { field: 'code' } };
  return ROLE_CODE_RE.test(s) ? null : { key: 'common.field_format', params: { field: 'code', format: '[a-z0-9_]' } };
}

// The password profile is the server's policy (src/modules/identity/password_policy.cpp), not a
// limit of the request schema (which takes up to 256 characters), so it is not in limits.ts.
export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 128;

/**
 * The "gb" password profile (the server's default): 12–128 characters, upper and lower case
 * letters, digits and symbols (printable ASCII), and not containing the user name.
 */
export function checkPassword(password: string, username = ''): Problem | null {
  const n = charLength(password);
  if (n < PASSWORD_MIN) return { key: 'auth.password_too_short', params: { min: PASSWORD_MIN } };
  if (n > PASSWORD_MAX) return { key: 'auth.password_too_long', params: { max: PASSWORD_MAX } };
  if (username && password.toLowerCase().includes(username.toLowerCase())) {
    return { key: 'auth.password_contains_username' };
  }
  let upper = false;
  let lower = false;
  let digit = false;
  let symbol = false;
  for (const ch of password) {
    const c = ch.codePointAt(0) ?? 0;
    if (c >= 0x41 && c <= 0x5a) upper = true;
    else if (c >= 0x61 && c <= 0x7a) lower = true;
    else if (c >= 0x30 && c <= 0x39) digit = true;
    else if (c >= 0x21 && c < 0x7f) symbol = true;
  }
  return upper && lower && digit && symbol ? null : { key: 'auth.password_composition' };
}

function stripSeparators(s: string): string {
  return s.trim().replace(/[ \t-]/g, '');
}

/** A mainland mobile number in its 11-digit form (+86, 0086, 86, spaces and dashes removed), or null. */
export function normalizeMobile(input: string): string | null {
  let s = stripSeparators(input);
  if (s.startsWith('+86')) s = s.slice(3);
  else if (s.startsWith('0086') && s.length === 15) s = s.slice(4);
  else if (s.startsWith('86') && s.length === 13) s = s.slice(2);
  return /^1[3-9]\d{9}$/.test(s) ? s : null;
}

export function checkMobile(input: string): Problem | null {
  return normalizeMobile(input) ? null : { key: 'identity.phone_invalid' };
}

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK_CHARS = '10X98765432';

/** GB 11643 check character (ISO 7064 MOD 11-2) of the first 17 digits, or null. */
export function residentIdCheckChar(first17: string): string | null {
  if (!/^\d{17}$/.test(first17)) return null;
  let sum = 0;
  for (let i = 0; i < 17; i += 1) sum += Number(first17[i]) * ID_WEIGHTS[i];
  return ID_CHECK_CHARS[sum % 11];
}

function daysInMonth(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** Today's date as YYYYMMDD in China Standard Time (UTC+8), as the server compares birth dates. */
function chinaToday(now: Date): number {
  const d = new Date(now.getTime() + 8 * 3600 * 1000);
  return d.getUTCFullYear() * 10000 + (d.getUTCMonth() + 1) * 100 + d.getUTCDate();
}

/** An 18-character resident ID with a valid check character and a real, past birth date. */
export function isValidResidentId(input: string, now: Date = new Date()): boolean {
  const id = input.trim().replace(/x$/, 'X');
  if (id.length !== 18) return false;
  const check = residentIdCheckChar(id.slice(0, 17));
  if (check === null || id[17] !== check) return false;
  const year = Number(id.slice(6, 10));
  const month = Number(id.slice(10, 12));
  const day = Number(id.slice(12, 14));
  if (year < 1900 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return false;
  return year * 10000 + month * 100 + day <= chinaToday(now);
}

export function checkResidentId(input: string, now: Date = new Date()): Problem | null {
  return isValidResidentId(input, now) ? null : { key: 'identity.id_number_invalid' };
}

export function luhnValid(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false;
  let sum = 0;
  let twice = false;
  for (let i = digits.length - 1; i >= 0; i -= 1) {
    let d = Number(digits[i]);
    if (twice) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    twice = !twice;
  }
  return sum % 10 === 0;
}

/** A bank card number of 12–19 digits (spaces and dashes removed), or null. */
export function normalizeBankCard(input: string): string | null {
  const s = stripSeparators(input);
  return /^\d{12,19}$/.test(s) ? s : null;
}

/** Invalid format is an error; a failed Luhn check only a warning (some valid cards fail it). */
export function checkBankCard(input: string): { error: Problem | null; warning: Problem | null } {
  const s = normalizeBankCard(input);
  if (!s) return { error: { key: 'identity.bank_account_invalid' }, warning: null };
  return { error: null, warning: luhnValid(s) ? null : { key: 'identity.bank_account_luhn' } };
}

export function checkEmail(s: string): Problem | null {
  const max = bodyLimits.postUsers.email.maxLength;
  if (charLength(s) > max) return { key: 'common.field_too_long', params: { field: 'email', max } };
  return s.includes('@') && s.length >= 3 ? null : { key: 'identity.email_invalid' };
}

/** The purpose stated for revealing a personal value (POST /users/{id}/reveal). */
export function checkReason(s: string): Problem | null {
  const { minLength: min, maxLength: max } = bodyLimits.postUsersIdReveal.reason;
  const n = charLength(s);
  if (n < min) return { key: 'common.field_too_short', params: { field: 'reason', min } };
  if (n > max) return { key: 'common.field_too_long', params: { field: 'reason', max } };
  return null;
}
