import { describe, expect, it } from 'vitest';
import {
  describeFacts,
  findingKindOf,
  matchExtractHeader,
  readExtractRow,
  type ExtractKind,
} from './registry';

const id = '11010519491231002X';

describe('matchExtractHeader', () => {
  it.each([
    ['dibao', '公民身份号码', 'idNumber'],
    ['dibao', ' 姓 名 ', 'name'],
    ['dibao', '月保障金额（元）', 'amount'],
    ['dibao', '号牌号码', null],
    ['vehicle', '号牌号码', 'plate'],
    ['vehicle', '*车辆类型', 'vehicleType'],
    ['death', '死亡日期', 'deathDate'],
    ['property', '建筑面积（㎡）', 'area'],
    ['business', '统一社会信用代码', 'registrationNo'],
    ['social_insurance', '缴费状态', 'insuranceStatus'],
    ['social_insurance', '备注', null],
  ] as const)('%s: %s → %s', (kind, header, key) => {
    expect(matchExtractHeader(kind, header)).toBe(key);
  });
});

describe('readExtractRow', () => {
  it('takes a valid ID number and its birth date', () => {
    const r = readExtractRow('vehicle', { idNumber: id, name: '张 三', plate: '苏A12345' });
    expect(r).toMatchObject({
      idNumber: id,
      idProblem: null,
      name: '张三',
      birthDate: '1949-12-31',
      birthYear: 1949,
      facts: { plate: '苏A12345' },
      problems: [],
    });
  });

  it('keeps an invalid number apart and takes the birth date from its digits', () => {
    const r = readExtractRow('vehicle', { idNumber: '110105194912310021', name: '张三' });
    expect(r.idNumber).toBeNull();
    expect(r.invalidIdNumber).toBe('110105194912310021');
    expect(r.idProblem).toContain('身份证号无效');
    expect(r.birthDate).toBe('1949-12-31');
    expect(r.problems).toEqual([]);
  });

  it('refuses an ID number stored as a number with lost digits, still matches by name', () => {
    const r = readExtractRow('death', {
      idNumber: 320102197504121000,
      name: '李四',
      birthDate: '1975年4月12日',
      deathDate: { date: '2026-01-05' },
    });
    expect(r.idNumber).toBeNull();
    expect(r.idProblem).toContain('文本');
    expect(r).toMatchObject({ birthDate: '1975-04-12', facts: { deathDate: '2026-01-05' } });
  });

  it('takes the birth date from an ID number stored as a number when no birth date is given', () => {
    const r = readExtractRow('vehicle', { idNumber: 320102197504121000, name: '李四' });
    expect(r).toMatchObject({ idNumber: null, invalidIdNumber: null, birthDate: '1975-04-12' });
    expect(r.problems).toEqual([]);
  });

  it('reads a birth year alone', () => {
    expect(readExtractRow('vehicle', { name: '王五', birthDate: '1975' })).toMatchObject({
      birthDate: null,
      birthYear: 1975,
    });
    expect(readExtractRow('vehicle', { name: '王五', birthDate: 1975 })).toMatchObject({
      birthYear: 1975,
    });
  });

  it.each([
    ['欠费', 'unpaid'],
    ['正常缴费', 'paid'],
    ['暂停缴费', 'unpaid'],
    ['参保缴费', 'paid'],
  ] as const)('social insurance status %s → %s', (text, status) => {
    const r = readExtractRow('social_insurance', { idNumber: id, insuranceStatus: text });
    expect(r.facts.insuranceStatus).toBe(status);
    expect(findingKindOf('social_insurance', r.facts)).toBe(
      status === 'paid' ? 'insurance_paid' : 'insurance_unpaid',
    );
  });

  it('derives the status from months paid, and rejects a row with neither', () => {
    expect(
      readExtractRow('social_insurance', { idNumber: id, monthsPaid: 0 }).facts.insuranceStatus,
    ).toBe('unpaid');
    expect(readExtractRow('social_insurance', { idNumber: id }).problems).toEqual(['缺少缴费状态']);
  });

  it('rejects bad facts with the column named', () => {
    expect(readExtractRow('dibao', { idNumber: id, amount: '五百' }).problems[0]).toMatch(
      /^月保障金额：/,
    );
    expect(readExtractRow('property', { idNumber: id, area: '大' }).problems[0]).toMatch(
      /^建筑面积：/,
    );
    expect(readExtractRow('death', { idNumber: id }).problems).toEqual(['缺少死亡日期']);
    expect(readExtractRow('death', { idNumber: id, deathDate: '昨天' }).problems[0]).toMatch(
      /^死亡日期：/,
    );
    expect(readExtractRow('vehicle', { plate: '苏A1' }).problems).toEqual([
      '既没有有效的身份证号，也没有姓名，无法比对',
    ]);
  });

  it('reads the 低保 facts in fen and property area in square metres', () => {
    expect(
      readExtractRow('dibao', {
        idNumber: id,
        amount: '1,180.50',
        certificateNo: 'A-1',
        since: 45000,
      }).facts,
    ).toEqual({ amountFen: 118_050, certificateNo: 'A-1', since: '2023-03-15' });
    expect(readExtractRow('property', { idNumber: id, area: '89.5平方米' }).facts).toEqual({
      areaM2: 89.5,
    });
  });
});

describe('findingKindOf and describeFacts', () => {
  it.each([
    ['dibao', {}, 'dibao_recipient'],
    ['death', {}, 'deceased'],
    ['vehicle', {}, 'vehicle'],
    ['property', {}, 'property'],
    ['business', {}, 'business'],
    ['social_insurance', { insuranceStatus: 'paid' }, 'insurance_paid'],
    ['social_insurance', {}, 'insurance_unpaid'],
  ] as const)('%s %j → %s', (kind, facts, finding) => {
    expect(findingKindOf(kind as ExtractKind, facts)).toBe(finding);
  });

  it('describes the evidence without the person', () => {
    expect(describeFacts('vehicle', { plate: '苏A12345', vehicleType: '小型轿车' })).toBe(
      '号牌 苏A12345，小型轿车',
    );
    expect(describeFacts('dibao', { certificateNo: 'A-1', amountFen: 68_000 })).toBe(
      '证号 A-1，月保障金 680.00 元',
    );
    expect(describeFacts('death', { deathDate: '2026-01-05' })).toBe('死亡日期 2026-01-05');
  });
});
