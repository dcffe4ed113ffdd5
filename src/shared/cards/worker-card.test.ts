import { describe, expect, it } from 'vitest';
import {
  allowedCardActions,
  cardStatusAfter,
  cardStatuses,
  checkCardNo,
  displayCardNo,
  formatCardNo,
  luhnCheckDigit,
} from './worker-card';

describe('luhnCheckDigit', () => {
  it.each([
    // Published Luhn examples: 7992739871 → 3, 4111 1111 1111 111 → 1, 37828224631000 → 5.
    ['7992739871', 3],
    ['411111111111111', 1],
    ['37828224631000', 5],
    ['0', 0],
  ])('%s → %i', (payload, digit) => {
    expect(luhnCheckDigit(payload)).toBe(digit);
  });
});

describe('formatCardNo', () => {
  it('joins region, year and a 6-digit sequence, then the check digit', () => {
    const no = formatCardNo('320102', 2026, 42);
    expect(no).toMatch(/^3201022026000042\d$/);
    expect(no).toHaveLength(17);
    expect(Number(no.at(-1))).toBe(luhnCheckDigit(no.slice(0, 16)));
  });

  it.each([
    ['32010', 2026, 1],
    ['320102', 26, 1],
    ['320102', 2026, 0],
    ['320102', 2026, 1_000_000],
  ])('refuses %s / %i / %i', (region, year, seq) => {
    expect(() => formatCardNo(region, year, seq)).toThrow();
  });
});

describe('checkCardNo', () => {
  const good = formatCardNo('320102', 2026, 123);

  it('accepts a good number, with spaces or dashes between groups', () => {
    expect(checkCardNo(good)).toEqual({
      ok: true,
      cardNo: good,
      regionCode: '320102',
      year: 2026,
      sequence: 123,
    });
    expect(checkCardNo(` ${displayCardNo(good)} `)).toMatchObject({ ok: true, cardNo: good });
    expect(checkCardNo(displayCardNo(good).replaceAll(' ', '-'))).toMatchObject({ ok: true });
  });

  it('catches every single mistyped digit', () => {
    for (let i = 0; i < good.length; i++)
      for (let d = 0; d <= 9; d++) {
        if (String(d) === good[i]) continue;
        const typo = good.slice(0, i) + d + good.slice(i + 1);
        expect(checkCardNo(typo), typo).toMatchObject({ ok: false, reason: 'check_digit' });
      }
  });

  it('catches swapped neighbours (other than 0 and 9)', () => {
    for (let i = 0; i < good.length - 1; i++) {
      const [a, b] = [good[i]!, good[i + 1]!];
      if (a === b || `${a}${b}` === '09' || `${a}${b}` === '90') continue;
      const swapped = good.slice(0, i) + b + a + good.slice(i + 2);
      expect(checkCardNo(swapped).ok, swapped).toBe(false);
    }
  });

  it.each(['', '123', 'ABCDEFGHIJKLMNOPQ', `${good}0`, good.slice(1)])(
    'refuses the shape of %j',
    (input) => {
      expect(checkCardNo(input)).toMatchObject({ ok: false, reason: 'format' });
    },
  );
});

describe('card status', () => {
  it.each([
    ['issued', 'suspend', 'suspended'],
    ['issued', 'cancel', 'cancelled'],
    ['issued', 'reinstate', null],
    ['suspended', 'reinstate', 'issued'],
    ['suspended', 'cancel', 'cancelled'],
    ['suspended', 'suspend', null],
    ['cancelled', 'reinstate', null],
    ['cancelled', 'suspend', null],
    ['cancelled', 'cancel', null],
  ] as const)('%s + %s → %s', (from, action, to) => {
    expect(cardStatusAfter(from, action)).toBe(to);
  });

  it('ends with cancelled: nothing is allowed after it', () => {
    expect(cardStatuses.map((s) => allowedCardActions(s).length)).toEqual([2, 2, 0]);
  });
});
