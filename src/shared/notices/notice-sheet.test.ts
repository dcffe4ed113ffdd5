import { describe, expect, it } from 'vitest';
import {
  buildNoticeRows,
  hasNoticeEnded,
  maskName,
  noticePeriodStatus,
  noticeRefusal,
  noticeRefusalMessage,
  type NoticeStanding,
} from './notice-sheet';

describe('maskName', () => {
  it.each([
    ['张三', '张*'],
    ['张建国', '张*国'],
    ['欧阳建华', '欧**华'],
    ['司马相如', '司**如'],
    ['阿依古丽·买买提', '阿******提'],
    [' 李四 ', '李*'],
    ['王', '*'],
    ['', ''],
    ['𠀀𠀁', '𠀀*'],
  ])('%j → %j', (name, masked) => {
    expect(maskName(name)).toBe(masked);
  });
});

describe('buildNoticeRows', () => {
  it('numbers the rows, masks the names, labels the category and names the unit', () => {
    const rows = buildNoticeRows(
      [
        {
          householdId: 7,
          headName: '张建国',
          category: 'deep',
          employerName: '南京机械厂',
          nodeName: '机械厂工会',
          memberCount: 3,
        },
        {
          householdId: 9,
          headName: '李四',
          category: null,
          employerName: ' ',
          nodeName: '玄武门街道总工会',
          memberCount: 1,
        },
      ],
      (c) => (c === 'deep' ? '深度困难' : '未认定'),
    );
    expect(rows).toEqual([
      {
        householdId: 7,
        no: 1,
        headNameMasked: '张*国',
        category: 'deep',
        categoryLabel: '深度困难',
        unit: '南京机械厂',
        memberCount: 3,
      },
      {
        householdId: 9,
        no: 2,
        headNameMasked: '李*',
        category: null,
        categoryLabel: '未认定',
        unit: '玄武门街道总工会',
        memberCount: 1,
      },
    ]);
  });
});

describe('notice period', () => {
  it('has ended from its end date on', () => {
    expect(hasNoticeEnded('2026-12-07', '2026-12-06')).toBe(false);
    expect(hasNoticeEnded('2026-12-07', '2026-12-07')).toBe(true);
    expect(hasNoticeEnded('2026-12-07', '2026-12-08')).toBe(true);
  });

  it.each([
    ['2026-11-30', 'upcoming'],
    ['2026-12-01', 'running'],
    ['2026-12-07', 'ended'],
  ] as const)('on %s is %s', (today, status) => {
    expect(noticePeriodStatus({ startsOn: '2026-12-01', endsOn: '2026-12-07' }, today)).toBe(
      status,
    );
  });
});

describe('noticeRefusal', () => {
  const ended = { id: 1, startsOn: '2026-11-01', endsOn: '2026-11-08' };
  const running = { id: 2, startsOn: '2026-11-28', endsOn: '2026-12-05' };
  const today = '2026-11-29';
  const standing = (s: Partial<NoticeStanding>): NoticeStanding => ({
    batches: [],
    objections: [],
    ...s,
  });

  it('refuses a household never noticed', () => {
    expect(noticeRefusal(standing({}), today)).toEqual({ reason: 'not_noticed' });
  });

  it('refuses while the notice runs, naming the day it ends', () => {
    expect(noticeRefusal(standing({ batches: [running] }), today)).toEqual({
      reason: 'notice_running',
      endsOn: '2026-12-05',
    });
  });

  it('passes a household whose notice has ended without objections', () => {
    expect(noticeRefusal(standing({ batches: [ended] }), today)).toBeNull();
    expect(noticeRefusal(standing({ batches: [running, ended] }), today)).toBeNull();
  });

  it('refuses while an objection is open', () => {
    const r = noticeRefusal(
      standing({
        batches: [ended],
        objections: [
          { id: 5, batchId: 1, resolved: true, upheld: false },
          { id: 6, batchId: 1, resolved: false, upheld: null },
        ],
      }),
      today,
    );
    expect(r).toEqual({ reason: 'objection_open', objectionIds: [6] });
  });

  it('refuses when an objection was upheld: the case is to be rejected', () => {
    const r = noticeRefusal(
      standing({
        batches: [ended],
        objections: [{ id: 5, batchId: 1, resolved: true, upheld: true }],
      }),
      today,
    );
    expect(r).toEqual({ reason: 'objection_upheld', objectionIds: [5] });
  });

  it('passes when every objection is resolved and not upheld', () => {
    expect(
      noticeRefusal(
        standing({
          batches: [ended],
          objections: [{ id: 5, batchId: 1, resolved: true, upheld: false }],
        }),
        today,
      ),
    ).toBeNull();
  });

  it('words each refusal in Chinese', () => {
    expect(noticeRefusalMessage({ reason: 'not_noticed' })).toContain('尚未公示');
    expect(noticeRefusalMessage({ reason: 'notice_running', endsOn: '2026-12-05' })).toContain(
      '2026-12-05',
    );
    expect(noticeRefusalMessage({ reason: 'objection_open', objectionIds: [1] })).toContain('异议');
    expect(noticeRefusalMessage({ reason: 'objection_upheld', objectionIds: [1] })).toContain(
      '不予通过',
    );
  });
});
