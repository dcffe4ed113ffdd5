import { describe, expect, it } from 'vitest';
import type { InboxItem } from '../../../shared/cases/registration';
import { sortInbox } from './inbox-order';

function item(householdId: number, over: Partial<InboxItem>): InboxItem {
  return {
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
});
