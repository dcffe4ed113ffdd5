import { describe, expect, it } from 'vitest';
import {
  cleanText,
  excelSerialToIso,
  idAsNumberMessage,
  readDateCell,
  readIdNumberCell,
  readYesNoCell,
  readYuanCell,
} from './import-cells';
import { matchHeader, normalizeHeader, sheetRoleOf } from './household-import';
import { addGuardedRow, guardCellText, guardCellValue, isFormulaLike } from './spreadsheet-safety';

describe('readDateCell', () => {
  it.each([
    ['2026-01-05', '2026-01-05'],
    ['2026/1/5', '2026-01-05'],
    ['2026.1.5', '2026-01-05'],
    ['2026年1月5日', '2026-01-05'],
    [' 2026年01月05日 ', '2026-01-05'],
    ['20260105', '2026-01-05'],
    ['２０２６－０１－０５', '2026-01-05'],
    [46027, '2026-01-05'],
    [20260105, '2026-01-05'],
    ['46027', '2026-01-05'],
    [{ date: '1975-04-12' }, '1975-04-12'],
    ['', null],
    [null, null],
  ] as const)('reads %j as %s', (cell, iso) => {
    expect(readDateCell(cell as never)).toEqual({ ok: true, value: iso });
  });

  it.each(['2026-02-30', '2026/13/1', '明年', '5.1', '1899-01-01'])('refuses %s', (text) => {
    expect(readDateCell(text).ok).toBe(false);
  });

  it('counts serials from Excel’s day 1 = 1900-01-01', () => {
    expect(excelSerialToIso(1)).toBe('1899-12-31');
    expect(excelSerialToIso(61)).toBe('1900-03-01');
    expect(excelSerialToIso(25569)).toBe('1970-01-01');
  });
});

describe('readIdNumberCell', () => {
  it('refuses an 18-digit number: its last digits are gone', () => {
    expect(readIdNumberCell(320102197504121000)).toEqual({ ok: false, message: idAsNumberMessage });
    expect(readIdNumberCell('3.20102E+17')).toEqual({ ok: false, message: idAsNumberMessage });
  });
  it('keeps a 15-digit number (exact in a spreadsheet) and cleans text', () => {
    expect(readIdNumberCell(320102750412101)).toEqual({ ok: true, value: '320102750412101' });
    expect(readIdNumberCell(' ３２０１０２１９７５０４１２１０１x　')).toEqual({
      ok: true,
      value: '32010219750412101X',
    });
    expect(readIdNumberCell("'320102197504121011")).toEqual({
      ok: true,
      value: '320102197504121011',
    });
  });
});

describe('cells', () => {
  it('cleans full-width characters and whitespace', () => {
    expect(cleanText('  张　三 \u200b')).toBe('张 三');
    expect(cleanText('ＡＢＣ１２３')).toBe('ABC123');
  });
  it.each([
    ['是', true],
    ['否', false],
    ['Y', true],
    ['无', false],
    [true, true],
    ['', null],
  ] as const)('reads yes/no %j', (cell, v) => {
    expect(readYesNoCell(cell)).toEqual({ ok: true, value: v });
  });
  it('reads yuan as fen', () => {
    expect(readYuanCell('12,000.50')).toEqual({ ok: true, value: 1_200_050 });
    expect(readYuanCell(3000)).toEqual({ ok: true, value: 300_000 });
    expect(readYuanCell('１２元')).toEqual({ ok: true, value: 1200 });
    expect(readYuanCell('-5').ok).toBe(false);
    expect(readYuanCell('1.234').ok).toBe(false);
    expect(readYuanCell('很多').ok).toBe(false);
  });
});

describe('headers', () => {
  it.each([
    ['身份证号', 'idNumber'],
    ['身份证号码', 'idNumber'],
    ['公民身份号码', 'idNumber'],
    ['*身份证号', 'idNumber'],
    ['户主身份证号', 'headIdNumber'],
    ['工资收入（元）', 'wages'],
    ['工资收入(元/年)', 'wages'],
    [' 与户主 关系 ', 'relation'],
    ['行政区划代码', 'regionCode'],
    ['无关的列', null],
  ] as const)('%s → %s', (header, key) => {
    expect(matchHeader(header)).toBe(key);
  });
  it('normalises units and marks away', () => {
    expect(normalizeHeader('＊姓名【必填】')).toBe('姓名');
  });
  it('tells a sheet’s role by its columns', () => {
    expect(sheetRoleOf(new Set(['idNumber', 'name', 'mainCause']))).toBe('households');
    expect(sheetRoleOf(new Set(['headIdNumber', 'idNumber', 'relation', 'name']))).toBe('members');
    expect(
      sheetRoleOf(new Set(['headIdNumber', 'idNumber', 'relation', 'regionCode', 'name'])),
    ).toBe('combined');
    expect(sheetRoleOf(new Set(['name', 'note']))).toBeNull();
  });
});

describe('spreadsheet injection guard', () => {
  it.each(['=1+1', '+86 138', '-2', '@SUM(A1)', '\t=x', '\r=x'])('guards %j', (text) => {
    expect(isFormulaLike(text)).toBe(true);
    expect(guardCellText(text)).toBe(`'${text}`);
  });
  it('leaves plain text, numbers and dates alone', () => {
    expect(guardCellText('张三')).toBe('张三');
    expect(guardCellValue(-5)).toBe(-5);
    const d = new Date();
    expect(guardCellValue(d)).toBe(d);
    const rows: unknown[] = [];
    addGuardedRow({ addRow: (v) => rows.push(v) }, { name: '=HYPERLINK("x")', n: 1 });
    expect(rows).toEqual([{ name: '\'=HYPERLINK("x")', n: 1 }]);
  });
});
