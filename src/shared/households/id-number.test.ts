import { describe, expect, it } from 'vitest';
import {
  computeCheckChar,
  idNumberContradiction,
  idNumberSchema,
  isValidIdNumber,
  maskIdNumber,
  normalizeIdNumber,
  parseIdNumber,
  todayInShanghai,
} from './id-number';

const today = '2024-06-15';

/** A valid 18-character number built from its parts. */
function build(region: string, birth: string, sequence: string): string {
  const first17 = region + birth + sequence;
  return first17 + computeCheckChar(first17);
}

/** The same number with its check character replaced by a wrong one. */
function withWrongCheck(id: string): string {
  const wrong = id[17] === '0' ? '1' : '0';
  return id.slice(0, 17) + wrong;
}

describe('computeCheckChar', () => {
  it.each([
    ['11010519491231002', 'X'],
    ['11010319800101001', '3'],
    ['32010219900101003', '7'],
  ])('%s → %s', (first17, check) => {
    expect(computeCheckChar(first17)).toBe(check);
  });

  it('yields every one of the 11 check characters over consecutive sequences', () => {
    const seen = new Set<string>();
    for (let seq = 0; seq < 200; seq++)
      seen.add(computeCheckChar(`32010219900101${String(seq).padStart(3, '0')}`));
    expect([...seen].sort()).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'X']);
  });

  it('refuses anything but 17 digits', () => {
    expect(() => computeCheckChar('1101051949123100')).toThrow();
    expect(() => computeCheckChar('1101051949123100X')).toThrow();
  });
});

describe('parseIdNumber', () => {
  it('parses the well-known sample 11010519491231002X', () => {
    expect(parseIdNumber('11010519491231002X', { today })).toEqual({
      ok: true,
      value: '11010519491231002X',
      regionCode: '110105',
      regionName: '北京市朝阳区',
      isRegionCurrent: true,
      birthDate: '1949-12-31',
      sex: 'female',
      converted15: false,
    });
  });

  it.each([
    ['320102', '19900101', '001', 'male'],
    ['320102', '19900101', '002', 'female'],
    ['440305', '20010704', '123', 'male'],
    ['440305', '20010704', '120', 'female'],
    ['650102', '19560630', '999', 'male'],
    ['650102', '19560630', '000', 'female'],
  ] as const)('%s %s %s is %s (17th digit)', (region, birth, seq, sex) => {
    const result = parseIdNumber(build(region, birth, seq), { today });
    expect(result).toMatchObject({ ok: true, sex, regionCode: region });
  });

  it.each([
    ['full-width digits and Ｘ', '１１０１０５１９４９１２３１００２Ｘ'],
    ['lower-case x', '11010519491231002x'],
    ['full-width lower-case ｘ', '11010519491231002ｘ'],
    ['surrounding spaces', '  11010519491231002X\t'],
    ['inner spaces', '110105 19491231 002X'],
    ['ideographic spaces', '\u3000110105\u300019491231002X\u3000'],
  ])('normalises %s', (_what, input) => {
    const result = parseIdNumber(input, { today });
    expect(result).toMatchObject({ ok: true, value: '11010519491231002X' });
  });

  it.each([
    ['empty', '', 'empty'],
    ['only spaces', '   \u3000', 'empty'],
    ['17 characters', '11010519491231002', 'length'],
    ['19 characters', '11010519491231002X1', 'length'],
    ['16 characters', '1101051949123100', 'length'],
    ['X in the middle', '1101051949X231002X', 'characters'],
    ['a letter other than X', '11010519491231002Y', 'characters'],
    ['a hyphen', '110105-19491231002', 'characters'],
    ['X in a 15-digit number', '11010549123100X', 'characters'],
    ['unknown province 99', build('990101', '19800101', '001'), 'region'],
    ['unknown province 00', build('000000', '19800101', '001'), 'region'],
    ['unknown province 24', build('240101', '19800101', '001'), 'region'],
    ['month 13', build('320102', '19801301', '001'), 'birth_date'],
    ['month 00', build('320102', '19800001', '001'), 'birth_date'],
    ['day 00', build('320102', '19800100', '001'), 'birth_date'],
    ['31 April', build('320102', '19800431', '001'), 'birth_date'],
    ['29 February 1900 (not a leap year)', build('320102', '19000229', '001'), 'birth_date'],
    ['29 February 2023', build('320102', '20230229', '001'), 'birth_date'],
    ['born before 1900', build('320102', '18991231', '001'), 'birth_date'],
    ['born tomorrow', build('320102', '20240616', '001'), 'birth_date'],
    ['bad check digit', withWrongCheck('11010519491231002X'), 'check_digit'],
    ['X where a digit belongs', '110103198001010013'.slice(0, 17) + 'X', 'check_digit'],
  ])('refuses %s as %s', (_what, input, error) => {
    const result = parseIdNumber(input, { today });
    expect(result).toMatchObject({ ok: false, error });
    if (!result.ok) expect(result.message).toBeTruthy();
  });

  it('reports a bad check digit with that message', () => {
    expect(parseIdNumber('110105194912310021', { today })).toEqual({
      ok: false,
      error: 'check_digit',
      message: 'bad check digit',
    });
  });

  it.each([
    ['29 February 2000 (divisible by 400)', '20000229'],
    ['29 February 2024', '20240229'],
    ['1 January 1900', '19000101'],
    ['today', '20240615'],
  ])('accepts %s', (_what, birth) => {
    expect(parseIdNumber(build('320102', birth, '001'), { today })).toMatchObject({ ok: true });
  });

  describe('region leniency', () => {
    it('accepts a retired county code and says it is not current', () => {
      // 110103 崇文区 was merged into 东城区 in 2010; its numbers stay valid.
      const result = parseIdNumber(build('110103', '19800101', '001'), { today });
      expect(result).toMatchObject({
        ok: true,
        regionCode: '110103',
        regionName: '北京市',
        isRegionCurrent: false,
      });
    });

    it('names the city when only the county is unknown', () => {
      // 320103 白下区 was merged into 秦淮区 in 2013.
      const result = parseIdNumber(build('320103', '19700101', '001'), { today });
      expect(result).toMatchObject({
        ok: true,
        regionName: '江苏省南京市',
        isRegionCurrent: false,
      });
    });

    it.each([
      ['710000', '台湾省'],
      ['810000', '香港特别行政区'],
      ['820000', '澳门特别行政区'],
      ['830000', '台湾居民居住证'],
    ])('accepts %s (%s)', (region, name) => {
      expect(parseIdNumber(build(region, '19900101', '001'), { today })).toMatchObject({
        ok: true,
        regionName: name,
      });
    });
  });

  describe('15-digit numbers', () => {
    it('converts by inserting 19 before the year and computing the check character', () => {
      const result = parseIdNumber('110105491231002', { today });
      expect(result).toEqual({
        ok: true,
        value: '11010519491231002X',
        regionCode: '110105',
        regionName: '北京市朝阳区',
        isRegionCurrent: true,
        birthDate: '1949-12-31',
        sex: 'female',
        converted15: true,
      });
    });

    it('takes sex from the last digit', () => {
      expect(parseIdNumber('320102800101001', { today })).toMatchObject({
        ok: true,
        sex: 'male',
        value: build('320102', '19800101', '001'),
      });
    });

    it('normalises full-width 15-digit input', () => {
      expect(parseIdNumber('３２０１０２８００１０１００１', { today })).toMatchObject({
        ok: true,
        converted15: true,
      });
    });

    it('refuses 29 February 1900 (year 00 means 1900)', () => {
      expect(parseIdNumber('320102000229001', { today })).toMatchObject({
        ok: false,
        error: 'birth_date',
      });
    });

    it('refuses an unknown province', () => {
      expect(parseIdNumber('990102800101001', { today })).toMatchObject({
        ok: false,
        error: 'region',
      });
    });
  });

  it('defaults today to the date in Asia/Shanghai', () => {
    expect(todayInShanghai(new Date('2024-06-15T16:30:00Z'))).toBe('2024-06-16');
    expect(todayInShanghai(new Date('2024-06-15T15:59:59Z'))).toBe('2024-06-15');
    const future = build('320102', '29991231', '001');
    expect(parseIdNumber(future)).toMatchObject({ ok: false, error: 'birth_date' });
    expect(isValidIdNumber('11010519491231002X')).toBe(true);
  });
});

describe('normalizeIdNumber', () => {
  it('maps full-width characters, drops spaces and upper-cases', () => {
    expect(normalizeIdNumber(' １１０１ ０５x ')).toBe('110105X');
  });
});

describe('maskIdNumber', () => {
  it.each([
    ['11010519491231002X', '1101**********002X'],
    ['11010519491231002x', '1101**********002X'],
    ['１１０１０５１９４９１２３１００２Ｘ', '1101**********002X'],
    ['110105491231002', '1101*******1002'],
    ['123456789', '1234*6789'],
    ['12345678', '********'],
    ['', ''],
  ])('%s → %s', (input, masked) => {
    expect(maskIdNumber(input)).toBe(masked);
  });
});

describe('idNumberSchema', () => {
  it('transforms to the normalised 18-character number', () => {
    expect(idNumberSchema.parse(' 11010519491231002x ')).toBe('11010519491231002X');
    expect(idNumberSchema.parse('110105491231002')).toBe('11010519491231002X');
  });

  it.each([
    ['110105194912310021', 'bad check digit'],
    ['', 'required'],
    ['1234', 'must be 18 characters (or an old 15-digit number), got 4'],
    [build('320102', '19000229', '001'), 'birth date 19000229 is not a real date'],
  ])('reports %s as "%s"', (input, message) => {
    const result = idNumberSchema.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe(message);
  });

  it('names the field in an object schema', async () => {
    const { z } = await import('zod');
    const result = z.object({ idNumber: idNumberSchema }).safeParse({
      idNumber: '110105194912310021',
    });
    expect(result.error?.issues[0]).toMatchObject({
      path: ['idNumber'],
      message: 'bad check digit',
    });
  });
});

describe('idNumberContradiction', () => {
  const id = '11010519491231002X';

  it.each([
    ['an agreeing form', { birthDate: '1949-12-31', sex: 'female' as const }, null],
    ['an empty form', {}, null],
    ['null fields', { birthDate: null, sex: null }, null],
    [
      'another birth date',
      { birthDate: '1950-01-01' },
      { path: 'birthDate', message: 'the ID number says 1949-12-31, the form says 1950-01-01' },
    ],
    [
      'another sex',
      { sex: 'male' as const },
      { path: 'sex', message: 'the ID number says female, the form says male' },
    ],
    [
      'both wrong (birth date first)',
      { birthDate: '1950-01-01', sex: 'male' as const },
      { path: 'birthDate', message: 'the ID number says 1949-12-31, the form says 1950-01-01' },
    ],
  ])('%s', (_what, form, expected) => {
    expect(idNumberContradiction(id, form, { today })).toEqual(expected);
  });

  it('leaves an invalid number to the schema', () => {
    expect(idNumberContradiction('110105194912310021', { sex: 'male' }, { today })).toBeNull();
  });

  it('reads a 15-digit number the same way', () => {
    expect(idNumberContradiction('110105491231002', { sex: 'male' }, { today })).toMatchObject({
      path: 'sex',
    });
  });
});
