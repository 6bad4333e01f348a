// The emergency organisation on the client: the checks the server makes
// (src/modules/emergency/organisation_service.cpp), with the same message keys.
import { bodyLimits } from '@/api/limits';
import type { GroupRole, LeaderPosition } from '@/api/types';
import { codePattern, type Problem } from './validators';

/** A row of the leadership group's form (the person may not be chosen yet). */
export interface LeaderRow {
  user_id: number | null;
  position: LeaderPosition;
  stand_in_user_id: number | null;
  away: boolean;
}

/** A row of a working group's members form. */
export interface MemberRow {
  user_id: number | null;
  role: GroupRole;
  duties: string;
  stand_in_user_id: number | null;
  away: boolean;
}

export const GROUP_CODE_RE = codePattern('a-z0-9_', bodyLimits.postEmergencyGroups.code);

/** The leadership group: exactly one leader, at least one deputy, nobody twice, no one standing in for themselves. */
export function leadersProblem(list: LeaderRow[]): Problem | null {
  if (list.some((r) => !r.user_id)) return { key: 'common.field_required', params: { field: 'user_id' } };
  if (list.filter((r) => r.position === 'leader').length !== 1) return { key: 'emergency.one_leader_required' };
  if (list.filter((r) => r.position === 'deputy_leader').length < 1) return { key: 'emergency.deputy_required' };
  const ids = list.map((r) => r.user_id);
  if (new Set(ids).size !== ids.length) return { key: 'emergency.duplicate_person' };
  if (list.some((r) => r.stand_in_user_id !== null && r.stand_in_user_id === r.user_id)) return { key: 'emergency.stand_in_self' };
  return null;
}

/** A working group's members: nobody twice, duties and their number within the limits of PUT …/members. */
export function membersProblem(list: MemberRow[]): Problem | null {
  if (list.some((r) => !r.user_id)) return { key: 'common.field_required', params: { field: 'user_id' } };
  const ids = list.map((r) => r.user_id);
  if (new Set(ids).size !== ids.length) return { key: 'emergency.duplicate_person' };
  if (list.some((r) => r.stand_in_user_id !== null && r.stand_in_user_id === r.user_id)) return { key: 'emergency.stand_in_self' };
  const L = bodyLimits.putEmergencyGroupsIdMembers;
  if (list.some((r) => [...r.duties].length > L['members[].duties'].maxLength)) {
    return { key: 'common.field_too_long', params: { field: 'duties', max: L['members[].duties'].maxLength } };
  }
  if (list.length > L.members.maxItems) return { key: 'common.too_many_items', params: { field: 'members', max: L.members.maxItems } };
  return null;
}
