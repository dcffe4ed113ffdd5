import type { InboxItem } from '../../../shared/cases/registration';

/** The inbox's order: overdue first, then the nearest deadline, then the longest waiting. */
export function sortInbox(items: readonly InboxItem[]): InboxItem[] {
  return [...items].sort(
    (a, b) =>
      Number(b.isOverdue) - Number(a.isOverdue) ||
      (a.dueOn ?? '9999-12-31').localeCompare(b.dueOn ?? '9999-12-31') ||
      a.stepSince.localeCompare(b.stepSince),
  );
}
