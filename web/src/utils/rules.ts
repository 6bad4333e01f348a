import type { FormItemRule } from 'element-plus';
import { problemText } from '@/composables/useErrors';
import {
  checkBankCard,
  checkDepartmentCode,
  checkEmail,
  checkMobile,
  checkPassword,
  checkReason,
  checkResidentId,
  checkRoleCode,
  checkText,
  checkUsername,
  type Problem,
  type TextLimit,
} from './validators';

// Element Plus form rules built on validators.ts, with the server's messages. Rules are made
// per use so their messages follow the current UI language.

type Check = (value: string) => Problem | null;

function rule(check: Check, opts: { optional?: boolean; trigger?: string | string[] } = {}): FormItemRule {
  return {
    trigger: opts.trigger ?? 'blur',
    validator: (_rule, value: unknown, callback: (e?: Error) => void) => {
      const v = value === null || value === undefined ? '' : String(value);
      if (opts.optional && v === '') return callback();
      const p = check(v);
      callback(p ? new Error(problemText(p)) : undefined);
    },
  };
}

export const rules = {
  required(field: string, trigger: string | string[] = 'blur'): FormItemRule {
    return {
      trigger,
      validator: (_r, value: unknown, callback: (e?: Error) => void) => {
        const empty = value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0);
        callback(empty ? new Error(problemText({ key: 'common.field_required', params: { field } })) : undefined);
      },
    };
  },
  username: () => rule(checkUsername),
  /** Text within `limit` (a field of src/api/limits.ts). */
  text: (field: string, limit: TextLimit, optional = false) =>
    rule((v) => checkText(v, field, limit.minLength ?? 0, limit.maxLength), { optional }),
  departmentCode: () => rule(checkDepartmentCode),
  roleCode: () => rule(checkRoleCode),
  password: (username: () => string = () => '') => rule((v) => checkPassword(v, username())),
  mobile: (optional = true) => rule(checkMobile, { optional }),
  residentId: (optional = true) => rule((v) => checkResidentId(v), { optional }),
  bankCard: (optional = true) => rule((v) => checkBankCard(v).error, { optional }),
  email: (optional = true) => rule(checkEmail, { optional }),
  reason: () => rule(checkReason),
  maxLength: (field: string, limit: TextLimit) => rule((v) => checkText(v, field, 0, limit.maxLength), { optional: true }),
};
