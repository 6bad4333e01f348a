import type { DataScopeName, DepartmentKind } from './types';

// The values of the server's enums at run time (for selects, filters and checks). Their types come
// from the OpenAPI document; `enumValues` makes the type check fail when a list misses a value of
// the enum (or has one the enum does not), so a value the server adds cannot be forgotten here.

type Missing<T, V extends readonly unknown[]> = [Exclude<T, V[number]>] extends [never]
  ? unknown
  : { 'missing enum values': Exclude<T, V[number]> };

/** Every value of the enum T, in the order the UI shows them: `enumValues<Level>()(['a', 'b'])`. */
export function enumValues<T extends string | number>() {
  return <const V extends readonly T[]>(values: V & Missing<T, V>): readonly T[] => values;
}

/** Whether `value` is one of `values` (narrowing a query parameter or a stored string). */
export function isOneOf<T extends string | number>(values: readonly T[], value: unknown): value is T {
  return values.some((v) => v === value);
}

/** The whole numbers from a limit's minimum to its maximum (levels 1–4 from src/api/limits.ts). */
export function rangeOf(limit: { readonly minimum: number; readonly maximum: number }): number[] {
  return Array.from({ length: limit.maximum - limit.minimum + 1 }, (_, i) => limit.minimum + i);
}

/** Data scopes, in the order of the session's numeric data_scope (0 own … 3 all). */
export const DATA_SCOPES = enumValues<DataScopeName>()(['own', 'department', 'department_tree', 'all']);
export const DEPARTMENT_KINDS = enumValues<DepartmentKind>()(['company', 'department', 'team', 'site']);
