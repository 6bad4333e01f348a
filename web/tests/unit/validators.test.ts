import { describe, expect, it } from 'vitest';
import {
  charLength,
  checkBankCard,
  checkDepartmentCode,
  checkEmail,
  checkMobile,
  checkPassword,
  checkReason,
  checkRoleCode,
  checkText,
  checkUsername,
  isValidResidentId,
  luhnValid,
  normalizeBankCard,
  normalizeMobile,
  residentIdCheckChar,
} from '@/utils/validators';

describe('resident ID (GB 11643, MOD 11-2)', () => {
  const now = new Date('2026-06-01T00:00:00Z');

  it('computes the check character', () => {
    expect(residentIdCheckChar('11010519491231002')).toBe('X');
    expect(residentIdCheckChar('11010519900101123')).toBe('2');
    expect(residentIdCheckChar('1101051990010112')).toBeNull();
    expect(residentIdCheckChar('1101051990010112a')).toBeNull();
  });

  it('accepts valid numbers, x in either case, surrounding spaces', () => {
    expect(isValidResidentId('11010519491231002X', now)).toBe(true);
    expect(isValidResidentId('11010519491231002x', now)).toBe(true);
    expect(isValidResidentId(' 110105199001011232 ', now)).toBe(true);
  });

  it('rejects a wrong check digit, wrong length, impossible or future birth dates', () => {
    expect(isValidResidentId('110105199001011234', now)).toBe(false);
    expect(isValidResidentId('11010519900101123', now)).toBe(false);
    expect(isValidResidentId('1101051990010112322', now)).toBe(false);
    // 1990-02-30 does not exist; make the check digit right so only the date is wrong.
    const feb30 = `11010519900230123`;
    expect(isValidResidentId(feb30 + residentIdCheckChar(feb30), now)).toBe(false);
    const leap = `11010520000229123`;
    expect(isValidResidentId(leap + residentIdCheckChar(leap), now)).toBe(true);
    const future = `11010520270101123`;
    expect(isValidResidentId(future + residentIdCheckChar(future), now)).toBe(false);
    const old = `11010518991231123`;
    expect(isValidResidentId(old + residentIdCheckChar(old), now)).toBe(false);
  });
});

describe('mobile numbers', () => {
  it('normalises +86, 0086, 86, spaces and dashes', () => {
    expect(normalizeMobile('13800138000')).toBe('13800138000');
    expect(normalizeMobile('+86 138-0013-8000')).toBe('13800138000');
    expect(normalizeMobile('008613800138000')).toBe('13800138000');
    expect(normalizeMobile('8613800138000')).toBe('13800138000');
    expect(normalizeMobile(' 199 0000 0000 ')).toBe('19900000000');
  });

  it('rejects what the server rejects', () => {
    for (const bad of ['12800138000', '1380013800', '138001380001', '23800138000', '1380013800a', '', '+1 13800138000']) {
      expect(checkMobile(bad), bad).toEqual({ key: 'identity.phone_invalid' });
    }
    expect(checkMobile('15912345678')).toBeNull();
  });
});

describe('password policy (gb profile)', () => {
  it('accepts a strong password', () => {
    expect(checkPassword('Anxin#Demo2026x', 'nanny')).toBeNull();
  });

  it('names the first rule broken, as the server does', () => {
    expect(checkPassword('Ab1#', 'x')).toEqual({ key: 'auth.password_too_short', params: { min: 12 } });
    expect(checkPassword(`Aa1#${'x'.repeat(125)}`, 'u')).toEqual({ key: 'auth.password_too_long', params: { max: 128 } });
    expect(checkPassword('Xnanny#2026ABC', 'Nanny')).toEqual({ key: 'auth.password_contains_username' });
    expect(checkPassword('alllowercase1#', '')).toEqual({ key: 'auth.password_composition' });
    expect(checkPassword('ALLUPPERCASE1#', '')).toEqual({ key: 'auth.password_composition' });
    expect(checkPassword('NoDigitsHere#!', '')).toEqual({ key: 'auth.password_composition' });
    expect(checkPassword('NoSymbols12345', '')).toEqual({ key: 'auth.password_composition' });
    // Non-ASCII characters count towards the length but are no symbol.
    expect(checkPassword('Aa1安心安心安心安心安', '')).toEqual({ key: 'auth.password_composition' });
  });

  it('counts characters, not bytes', () => {
    expect(charLength('安心家政')).toBe(4);
    expect(checkPassword('安心Aa1#安心安心安心', '')).toBeNull();
  });
});

describe('other fields', () => {
  it('bank cards: 12–19 digits, a failed Luhn check only warns', () => {
    expect(normalizeBankCard('6222 0212 3456 7890 128')).toBe('6222021234567890128');
    expect(luhnValid('4111111111111111')).toBe(true);
    expect(luhnValid('4111111111111112')).toBe(false);
    expect(checkBankCard('4111 1111 1111 1111')).toEqual({ error: null, warning: null });
    expect(checkBankCard('4111111111111112')).toEqual({ error: null, warning: { key: 'identity.bank_account_luhn' } });
    expect(checkBankCard('12345678901').error).toEqual({ key: 'identity.bank_account_invalid' });
    expect(checkBankCard('12345678901234567890').error).toEqual({ key: 'identity.bank_account_invalid' });
  });

  it('user names, codes, text lengths, e-mail, purpose', () => {
    expect(checkUsername('wang.li_01-a')).toBeNull();
    for (const bad of ['ab', 'Wang', 'wang li', 'a'.repeat(33), '王丽']) expect(checkUsername(bad), bad).not.toBeNull();
    expect(checkDepartmentCode('BR-Chaoyang_1')).toBeNull();
    expect(checkDepartmentCode('bad code')).toEqual({ key: 'common.field_format', params: { field: 'code', format: '[A-Za-z0-9_-]' } });
    expect(checkRoleCode('e2e_viewer')).toBeNull();
    expect(checkRoleCode('E2E')).not.toBeNull();
    expect(checkText('', 'display_name', 1, 64)).toEqual({ key: 'common.field_required', params: { field: 'display_name' } });
    expect(checkText('安'.repeat(64), 'display_name', 1, 64)).toBeNull();
    expect(checkText('安'.repeat(65), 'display_name', 1, 64)).toEqual({
      key: 'common.field_too_long',
      params: { field: 'display_name', max: 64 },
    });
    expect(checkEmail('a@b')).toBeNull();
    expect(checkEmail('ab')).toEqual({ key: 'identity.email_invalid' });
    expect(checkReason('abc')).not.toBeNull();
    expect(checkReason('回访客户')).toBeNull();
  });
});
