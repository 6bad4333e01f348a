// Warnings on the client: levels, categories and limits as the server has them
// (src/modules/warnings/warning_service.hpp).
import { enumValues } from '@/api/enums';
import type { WarningCategory, WarningLevel } from '@/api/types';

/** Most severe first. */
export const WARNING_LEVELS = enumValues<WarningLevel>()(['red', 'orange', 'yellow', 'blue']);
export const WARNING_CATEGORIES = enumValues<WarningCategory>()(['weather', 'safety', 'health', 'fire', 'security', 'system', 'other']);
export const WARNING_LIMITS = { title: 100, text: 4000, areaText: 100, reason: 500, areas: 50, customerContacts: 500 } as const;

/** 1 (red) … 4 (blue). */
export function warningRank(level: WarningLevel): number {
  return WARNING_LEVELS.indexOf(level) + 1;
}

/** Levels a warning at `level` may be escalated to (more severe) or downgraded to (less severe). */
export function levelsFor(level: WarningLevel, direction: 'escalate' | 'downgrade'): WarningLevel[] {
  const r = warningRank(level);
  return WARNING_LEVELS.filter((l) => (direction === 'escalate' ? warningRank(l) < r : warningRank(l) > r));
}
