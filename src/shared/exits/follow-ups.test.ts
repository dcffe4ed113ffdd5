import { describe, expect, it } from 'vitest';
import {
  addMonthsToDate,
  followUpDueState,
  followUpRecordSchema,
  scheduleFollowUps,
} from './follow-ups';

describe('addMonthsToDate', () => {
  it.each([
    ['2026-01-15', 1, '2026-02-15'],
    ['2026-01-31', 1, '2026-02-28'],
    ['2028-01-31', 1, '2028-02-29'],
    ['2026-08-31', 3, '2026-11-30'],
    ['2026-11-30', 12, '2027-11-30'],
    ['2026-12-01', 1, '2027-01-01'],
  ])('%s + %d months → %s', (date, n, expected) => expect(addMonthsToDate(date, n)).toBe(expected));
});

describe('scheduleFollowUps', () => {
  it('schedules one per entry, alternating call and visit from a call', () => {
    expect(scheduleFollowUps('2026-11-29', [1, 3, 6, 12])).toEqual([
      { kind: 'call', dueOn: '2026-12-29' },
      { kind: 'visit', dueOn: '2027-02-28' },
      { kind: 'call', dueOn: '2027-05-29' },
      { kind: 'visit', dueOn: '2027-11-29' },
    ]);
  });
  it('sorts the months and drops repeats', () => {
    expect(scheduleFollowUps('2026-01-10', [6, 2, 6]).map((f) => f.dueOn)).toEqual([
      '2026-03-10',
      '2026-07-10',
    ]);
  });
  it('schedules nothing when the region sets no follow-ups', () => {
    expect(scheduleFollowUps('2026-01-10', [])).toEqual([]);
  });
});

describe('followUpDueState', () => {
  const today = '2026-11-29';
  const end = '2026-12-29';
  it.each([
    [{ dueOn: '2026-11-01', doneOn: '2026-11-02' }, 'done'],
    [{ dueOn: '2026-11-28', doneOn: null }, 'overdue'],
    [{ dueOn: '2026-11-29', doneOn: null }, 'due'],
    [{ dueOn: '2026-12-29', doneOn: null }, 'due'],
    [{ dueOn: '2026-12-30', doneOn: null }, 'upcoming'],
  ] as const)('%o is %s', (f, expected) => expect(followUpDueState(f, today, end)).toBe(expected));
});

describe('followUpRecordSchema', () => {
  it('needs findings and takes each signal once', () => {
    const base = { followUpId: 1, doneOn: '2026-11-29', findings: '家中情况稳定' };
    expect(followUpRecordSchema.parse(base).signals).toEqual([]);
    expect(followUpRecordSchema.safeParse({ ...base, findings: '' }).success).toBe(false);
    expect(
      followUpRecordSchema.safeParse({ ...base, signals: ['lost_job', 'lost_job'] }).success,
    ).toBe(false);
    expect(followUpRecordSchema.safeParse({ ...base, signals: ['unknown'] }).success).toBe(false);
  });
});
