// Warnings on the client: levels and categories as the server has them (their limits are those of
// POST/PATCH /warnings in src/api/limits.ts).
import { enumValues } from '@/api/enums';
import type { WarningCategory, WarningLevel } from '@/api/types';

/** Most severe first. */
export const WARNING_LEVELS = enumValues<WarningLevel>()(['red', 'orange', 'yellow', 'blue']);
export const WARNING_CATEGORIES = enumValues<WarningCategory>()(['weather', 'safety', 'health', 'fire', 'security', 'system', 'other']);

/** 1 (red) … 4 (blue). */
export function warningRank(level: WarningLevel): number {
  return WARNING_LEVELS.indexOf(level) + 1;
}

/** Levels a warning at `level` may be escalated to (more severe) or downgraded to (less severe). */
export function levelsFor(level: WarningLevel, direction: 'escalate' | 'downgrade'): WarningLevel[] {
  const r = warningRank(level);
  return WARNING_LEVELS.filter((l) => (direction === 'escalate' ? warningRank(l) < r : warningRank(l) > r));
}
