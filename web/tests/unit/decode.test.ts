import { describe, expect, it } from 'vitest';
import { AnswerShapeError, readDepartmentTree, readSession } from '@/api/decode';

// The answers whose shape the OpenAPI document leaves open are read field by field.

const department = {
  id: 2,
  parent_id: 1,
  name: '门店',
  code: 'S1',
  kind: 'site',
  path: '/1/2/',
  sort_order: 0,
  phone: null,
  active: true,
  created_at: '2026-01-01T00:00:00Z',
  updated_at: '2026-01-01T00:00:00Z',
  version: 1,
};

describe('readSession', () => {
  const answer = {
    user: { id: 7, username: 'li.na', display_name: '李娜', department_id: 2 },
    permissions: ['identity:user:read'],
    data_scope: 1,
    clearance: 2,
    pending: null,
    csrf_token: 'x',
  };

  it('reads the user and the pending step', () => {
    const s = readSession(answer);
    expect(s.user).toEqual(answer.user);
    expect(s.pending).toBeNull();
    expect(readSession({ ...answer, pending: 'totp' }).pending).toBe('totp');
  });

  it('refuses a user without its fields or an unknown step', () => {
    expect(() => readSession({ ...answer, user: { id: 7 } })).toThrow(AnswerShapeError);
    expect(() => readSession({ ...answer, pending: 'something_else' })).toThrow(AnswerShapeError);
  });
});

describe('readDepartmentTree', () => {
  it('reads nested nodes', () => {
    const tree = readDepartmentTree([{ ...department, id: 1, parent_id: null, kind: 'company', children: [{ ...department, children: [] }] }]);
    expect(tree[0].children[0].name).toBe('门店');
    expect(tree[0].parent_id).toBeNull();
  });

  it('refuses a node of another shape', () => {
    expect(() => readDepartmentTree([{ ...department, kind: 'planet', children: [] }])).toThrow(/items\[0\]\.kind/);
    expect(() => readDepartmentTree([{ ...department, children: [{ ...department, id: '3' }] }])).toThrow(/children\[0\]\.id/);
  });
});
