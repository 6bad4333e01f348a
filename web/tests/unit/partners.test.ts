import { describe, expect, it } from 'vitest';
import {
  criterionProblem,
  dueInDays,
  dueState,
  evaluatedOnProblem,
  evaluationResult,
  evaluationScore,
  firstEvaluationProblem,
  partnerActions,
  partnerStatusTagType,
  resultTagType,
} from '@/utils/partners';

// 2026-12-04 10:00 in China (02:00 UTC).
const NOW = new Date('2026-12-04T02:00:00Z');
const all = () => true;
const none = () => false;

describe('an evaluation score', () => {
  it('is the sum of the four criteria, an empty one counting 0', () => {
    expect(evaluationScore([20, 21, 22, 23])).toBe(86);
    expect(evaluationScore([25, null, undefined, 10])).toBe(35);
    expect(evaluationScore([])).toBe(0);
  });

  it('passes from 80, passes conditionally from 60 and fails below, as the server decides', () => {
    expect(evaluationResult(100)).toBe('pass');
    expect(evaluationResult(80)).toBe('pass');
    expect(evaluationResult(79)).toBe('conditional');
    expect(evaluationResult(60)).toBe('conditional');
    expect(evaluationResult(59)).toBe('fail');
    expect(evaluationResult(0)).toBe('fail');
  });

  it('shows pass green, conditional orange and fail red', () => {
    expect(resultTagType('pass')).toBe('success');
    expect(resultTagType('conditional')).toBe('warning');
    expect(resultTagType('fail')).toBe('danger');
  });

  it('checks each criterion as a whole number of 0 to 25', () => {
    expect(criterionProblem(0, 25)).toBeNull();
    expect(criterionProblem(25, 25)).toBeNull();
    expect(criterionProblem(26, 25)?.key).toBe('partners.criterion_range');
    expect(criterionProblem(-1, 25)?.key).toBe('partners.criterion_range');
    expect(criterionProblem(12.5, 25)?.key).toBe('partners.criterion_range');
    expect(criterionProblem(null, 25)?.key).toBe('partners.criterion_range');
  });
});

describe("a partner's next evaluation", () => {
  const active = (next: string, overdue = false) => ({ status: 'active' as const, next_evaluation_on: next, evaluation_overdue: overdue });

  it('is overdue as the server says, or once its date has passed', () => {
    expect(dueState(active('2026-11-17', true), NOW)).toBe('overdue');
    expect(dueState(active('2026-12-03'), NOW)).toBe('overdue');
  });

  it('is due soon from today to 14 days ahead (China time), fine after', () => {
    expect(dueState(active('2026-12-04'), NOW)).toBe('soon');
    expect(dueState(active('2026-12-14'), NOW)).toBe('soon');
    expect(dueState(active('2026-12-18'), NOW)).toBe('soon');
    expect(dueState(active('2026-12-19'), NOW)).toBe('ok');
    // 23:30 UTC on the 3rd is already the 4th in China.
    expect(dueInDays('2026-12-04', new Date('2026-12-03T23:30:00Z'))).toBe(0);
    expect(dueInDays('2026-12-14', NOW)).toBe(10);
  });

  it('is not flagged for a suspended or ended partner', () => {
    expect(dueState({ status: 'suspended', next_evaluation_on: '2026-01-01', evaluation_overdue: false }, NOW)).toBe('none');
    expect(dueState({ status: 'ended', next_evaluation_on: '2026-12-05', evaluation_overdue: false }, NOW)).toBe('none');
  });
});

describe('the dates of the forms', () => {
  it('refuse a first evaluation before today, and allow none', () => {
    expect(firstEvaluationProblem('2026-12-03', NOW)?.key).toBe('partners.first_evaluation_past');
    expect(firstEvaluationProblem('2026-12-04', NOW)).toBeNull();
    expect(firstEvaluationProblem('', NOW)).toBeNull();
  });

  it('require an evaluation date not after today', () => {
    expect(evaluatedOnProblem('', NOW)?.key).toBe('common.field_required');
    expect(evaluatedOnProblem('2026-12-05', NOW)?.key).toBe('partners.evaluated_in_future');
    expect(evaluatedOnProblem('2026-12-04', NOW)).toBeNull();
  });
});

describe('what a partner offers', () => {
  it('follows the status for a manager', () => {
    expect(partnerActions('active', all)).toEqual(['evaluate', 'suspend', 'end']);
    expect(partnerActions('suspended', all)).toEqual(['evaluate', 'reinstate', 'end']);
    expect(partnerActions('ended', all)).toEqual([]);
  });

  it('is nothing without partners:partner:manage', () => {
    expect(partnerActions('active', none)).toEqual([]);
    expect(partnerActions('active', (p) => p === 'partners:partner:read')).toEqual([]);
  });

  it('colours the status', () => {
    expect(partnerStatusTagType('active')).toBe('success');
    expect(partnerStatusTagType('suspended')).toBe('danger');
    expect(partnerStatusTagType('ended')).toBe('info');
  });
});
