import { DEPARTMENT_KINDS, isOneOf } from './enums';
import type { Department, SessionAnswer } from './types';

// The two answers whose shape the server's OpenAPI document leaves open, read with checks instead
// of type casts:
//  - sign-in, /auth/totp and /auth/me declare `user` as a plain object and `pending` as any string;
//  - GET /departments/tree declares its nodes as plain objects (a tree cannot be inlined).
// Every field is checked, and the result is built field by field, so a field the document gains
// for Department fails the type check here until it is read too. An answer of another shape
// throws (it is a server bug, shown like any failed request).

/** What a sign-in still needs before the session is complete (null: nothing). */
export const PENDING_STEPS = ['totp', 'password_change', 'totp_enrollment'] as const;
export type Pending = null | (typeof PENDING_STEPS)[number];

/** The signed-in user, as the session answers carry it. */
export interface SessionUser {
  id: number;
  username: string;
  display_name: string;
  department_id: number;
}

/** A session answer with its user and pending step read. */
export type Session = Omit<SessionAnswer, 'user' | 'pending'> & { user: SessionUser; pending: Pending };

export type DepartmentNode = Department & { children: DepartmentNode[] };

type Fields = Record<string, unknown>;

export class AnswerShapeError extends Error {
  constructor(what: string) {
    super(`unexpected answer from the server: ${what}`);
    this.name = 'AnswerShapeError';
  }
}

function isFields(v: unknown): v is Fields {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function num(o: Fields, key: string, where: string): number {
  const v = o[key];
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new AnswerShapeError(`${where}.${key} is not a number`);
  return v;
}
function numOrNull(o: Fields, key: string, where: string): number | null {
  return o[key] === null || o[key] === undefined ? null : num(o, key, where);
}
function str(o: Fields, key: string, where: string): string {
  const v = o[key];
  if (typeof v !== 'string') throw new AnswerShapeError(`${where}.${key} is not a string`);
  return v;
}
function strOrNull(o: Fields, key: string, where: string): string | null {
  return o[key] === null || o[key] === undefined ? null : str(o, key, where);
}
function bool(o: Fields, key: string, where: string): boolean {
  const v = o[key];
  if (typeof v !== 'boolean') throw new AnswerShapeError(`${where}.${key} is not a boolean`);
  return v;
}

export function readSessionUser(u: Fields): SessionUser {
  return {
    id: num(u, 'id', 'user'),
    username: str(u, 'username', 'user'),
    display_name: str(u, 'display_name', 'user'),
    department_id: num(u, 'department_id', 'user'),
  };
}

export function readPending(p: string | null): Pending {
  if (p === null) return null;
  if (isOneOf(PENDING_STEPS, p)) return p;
  throw new AnswerShapeError(`unknown pending step ${p}`);
}

export function readSession(a: SessionAnswer): Session {
  return { ...a, user: readSessionUser(a.user), pending: readPending(a.pending) };
}

function readNode(o: unknown, where: string): DepartmentNode {
  if (!isFields(o)) throw new AnswerShapeError(`${where} is not an object`);
  const kind = o.kind;
  if (!isOneOf(DEPARTMENT_KINDS, kind)) throw new AnswerShapeError(`${where}.kind is not a department kind`);
  const children = o.children ?? [];
  if (!Array.isArray(children)) throw new AnswerShapeError(`${where}.children is not a list`);
  return {
    id: num(o, 'id', where),
    parent_id: numOrNull(o, 'parent_id', where),
    name: str(o, 'name', where),
    code: str(o, 'code', where),
    kind,
    path: str(o, 'path', where),
    sort_order: num(o, 'sort_order', where),
    phone: strOrNull(o, 'phone', where),
    active: bool(o, 'active', where),
    created_at: str(o, 'created_at', where),
    updated_at: str(o, 'updated_at', where),
    version: num(o, 'version', where),
    children: children.map((c: unknown, i) => readNode(c, `${where}.children[${i}]`)),
  };
}

/** The nodes of GET /departments/tree. */
export function readDepartmentTree(items: readonly unknown[]): DepartmentNode[] {
  return items.map((n, i) => readNode(n, `items[${i}]`));
}
