import type { InboxItem } from '../../../shared/cases/registration';

/** A review task of the round's re-check sample (随机抽查). */
const isSample = (i: InboxItem) => i.kind === 'review' && i.inSample;

/**
 * The inbox's order: overdue first, then the nearest deadline (a review task's is
 * its round's period end), the sample first at the same deadline, then the longest waiting.
 */
export function sortInbox(items: readonly InboxItem[]): InboxItem[] {
  return [...items].sort(
    (a, b) =>
      Number(b.isOverdue) - Number(a.isOverdue) ||
      (a.dueOn ?? '9999-12-31').localeCompare(b.dueOn ?? '9999-12-31') ||
      Number(isSample(b)) - Number(isSample(a)) ||
      a.stepSince.localeCompare(b.stepSince),
  );
}
