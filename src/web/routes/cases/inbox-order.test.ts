import { describe, expect, it } from 'vitest';
import type { CaseInboxItem, ReviewInboxItem } from '../../../shared/cases/registration';
import { sortInbox } from './inbox-order';

function item(householdId: number, over: Partial<CaseInboxItem>): CaseInboxItem {
  return {
    kind: 'case',
    householdId,
    headName: `户主${householdId}`,
    nodeName: '金陵机械厂工会',
    status: 'in_review',
    step: 'first_review',
    stepSince: '2026-11-01T08:00:00.000Z',
    dueOn: null,
    isOverdue: false,
    actions: ['pass', 'reject'],
    ...over,
  };
}

describe('sortInbox', () => {
  it('puts overdue work first, then the nearest deadline, then the longest waiting', () => {
    const items = [
      item(1, { stepSince: '2026-11-20T08:00:00.000Z' }),
      item(2, { step: 'home_visit', dueOn: '2026-12-03' }),
      item(3, { step: 'home_visit', dueOn: '2026-11-25', isOverdue: true }),
      item(4, { stepSince: '2026-11-02T08:00:00.000Z' }),
      item(5, { step: 'home_visit', dueOn: '2026-12-01' }),
      item(6, { step: 'home_visit', dueOn: '2026-11-20', isOverdue: true }),
    ];
    expect(sortInbox(items).map((i) => i.householdId)).toEqual([6, 3, 5, 2, 4, 1]);
    // The input is left as it was.
    expect(items.map((i) => i.householdId)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('puts review tasks by their round’s period end, the sample first', () => {
    const review = (householdId: number, over: Partial<ReviewInboxItem>): ReviewInboxItem => ({
      kind: 'review',
      taskId: householdId * 10,
      householdId,
      headName: `户主${householdId}`,
      nodeName: '金陵机械厂工会',
      fileNo: null,
      round: { id: 1, name: '2026年度复核', periodStart: '2026-01-01', periodEnd: '2026-12-31' },
      inSample: false,
      needsReapplication: false,
      stepSince: '2026-10-01T00:00:00.000Z',
      dueOn: '2026-12-31',
      isOverdue: false,
      actions: ['keep', 'exit'],
      ...over,
    });
    const items = [
      review(1, {}),
      item(2, {}),
      review(3, { inSample: true }),
      item(4, { step: 'home_visit', dueOn: '2026-12-03' }),
      review(5, { dueOn: '2026-11-30', isOverdue: true }),
    ];
    expect(sortInbox(items).map((i) => i.householdId)).toEqual([5, 4, 3, 1, 2]);
  });
});
