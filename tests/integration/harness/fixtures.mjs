// Test data: unique codes and user names, strong passwords, and personal identifiers with valid
// check characters.

import crypto from 'node:crypto';

/** A short unique suffix for codes and names (codes allow [A-Za-z0-9_-], max 32 chars). */
let seq = 0;
export function uniq(prefix = 'T') {
  seq += 1;
  return `${prefix}${process.pid.toString(36)}${Date.now().toString(36).slice(-5)}${seq.toString(36)}`.slice(0, 32);
}

/** A password the policy accepts (≥ 12 characters, all four classes, random). */
export function strongPassword() {
  return `Kq7#${crypto.randomBytes(9).toString('hex')}Zx!`;
}

/** A unique lower-case user name ([a-z0-9_.-], 3..32). */
export function uniqUsername(prefix = 'u') {
  return uniq(prefix).toLowerCase().replace(/[^a-z0-9_.-]/g, '_').slice(0, 32);
}

// Personal identifiers.

/** 17 digits plus the GB 11643 (ISO 7064 MOD 11-2) check character. */
export function withIdCheck(first17) {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  let sum = 0;
  for (let i = 0; i < 17; i += 1) sum += Number(first17[i]) * weights[i];
  return first17 + '10X98765432'[sum % 11];
}

/** A valid resident ID number: area code, a real birth date, sequence `n` (0..999). */
export function residentId(n, { area = '110105', birth = '19850312' } = {}) {
  return withIdCheck(`${area}${birth}${String(n % 1000).padStart(3, '0')}`);
}

/** Digits plus the Luhn check digit. */
export function withLuhn(digits) {
  let sum = 0;
  let twice = true;
  for (let i = digits.length - 1; i >= 0; i -= 1) {
    let d = Number(digits[i]);
    if (twice) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    twice = !twice;
  }
  return digits + String((10 - (sum % 10)) % 10);
}
