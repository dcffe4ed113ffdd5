import { describe, expect, it } from 'vitest';
import { sha256Hex } from './sha256';
import {
  closeReviewRoundSchema,
  drawSample,
  monthsBefore,
  needsReapplication,
  openReviewRoundSchema,
  reapplicationEvidence,
  sampleRank,
  sampleSize,
} from './review-round';

/** The platform's SHA-256 (Web Crypto, in Node and browsers) as hex. */
async function webSha256(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

describe('sha256Hex', () => {
  it.each([
    ['', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
    ['abc', 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'],
  ])('hashes %j as FIPS 180-4 says', (text, hex) => {
    expect(sha256Hex(text)).toBe(hex);
  });

  it('agrees with Web Crypto across block boundaries and on Chinese text', async () => {
    const texts = ['年度复核:1', 'x'.repeat(55), 'x'.repeat(56), 'x'.repeat(64), 'y'.repeat(200)];
    for (let n = 0; n < 130; n++) texts.push(`seed-${'z'.repeat(n)}:${n}`);
    for (const text of texts) expect(sha256Hex(text), text).toBe(await webSha256(text));
  });
});

describe('sampleSize', () => {
  it.each([
    [10, 0.3, 3],
    [11, 0.3, 4],
    [1, 0.3, 1],
    [0, 0.3, 0],
    [7, 0, 0],
    [7, 1, 7],
    [1000, 0.001, 1],
    [999, 0.001, 1],
    [100, 0.07, 7],
    [3, 0.333, 1],
    [100_000, 0.3, 30_000],
  ])('ceil(%i × %f) is %i', (n, share, size) => {
    expect(sampleSize(n, share)).toBe(size);
  });
});

describe('drawSample', () => {
  const ids = Array.from({ length: 200 }, (_, i) => i * 7 + 3);

  it('draws the same sample from the same seed, in any input order', () => {
    const a = drawSample('seed-1', ids, 0.3);
    const b = drawSample('seed-1', [...ids].reverse(), 0.3);
    expect(a.sample).toEqual(b.sample);
    expect(a.sample).toHaveLength(60);
  });

  it('draws another sample from another seed', () => {
    expect(drawSample('seed-2', ids, 0.3).sample).not.toEqual(
      drawSample('seed-1', ids, 0.3).sample,
    );
  });

  it('draws the lowest ranks, a rank being sha256(seed:id)', async () => {
    const { sample, ranks } = drawSample('s', ids, 0.1);
    expect(ranks.get(3)).toBe(await webSha256('s:3'));
    expect(sampleRank('s', 3)).toBe(ranks.get(3));
    const cutoff = Math.max(...sample.map((id) => parseInt(ranks.get(id)!.slice(0, 12), 16)));
    for (const id of ids.filter((i) => !sample.includes(i)))
      expect(parseInt(ranks.get(id)!.slice(0, 12), 16)).toBeGreaterThan(cutoff);
  });

  it('a larger share draws a superset', () => {
    const small = drawSample('s', ids, 0.1).sample;
    const large = drawSample('s', ids, 0.5).sample;
    expect(large.slice(0, small.length)).toEqual(small);
  });
});

describe('monthsBefore', () => {
  it.each([
    ['2026-01-01', 12, '2025-01-01'],
    ['2026-03-31', 1, '2026-02-28'],
    ['2024-03-31', 1, '2024-02-29'],
    ['2026-01-15', 1, '2025-12-15'],
    ['2026-05-31', 24, '2024-05-31'],
    ['2026-12-31', 13, '2025-11-30'],
  ])('%s minus %i months is %s', (date, months, expected) => {
    expect(monthsBefore(date, months)).toBe(expected);
  });
});

describe('needsReapplication', () => {
  it.each([
    ['2024-12-31', null, true],
    ['2025-01-01', null, false],
    ['2025-06-01', null, false],
    ['2023-05-01', '2024-12-31', true],
    ['2023-05-01', '2025-03-01', false],
    ['2025-03-01', '2023-05-01', false],
  ])(
    'registered %s, last re-applied %s: %s for a period from 2026-01-01',
    (reg, last, expected) => {
      expect(needsReapplication(reg, last, '2026-01-01', 12)).toBe(expected);
    },
  );

  it('follows the region’s months', () => {
    expect(needsReapplication('2025-06-30', null, '2026-01-01', 6)).toBe(true);
    expect(needsReapplication('2025-07-01', null, '2026-01-01', 6)).toBe(false);
  });
});

describe('reapplicationEvidence', () => {
  it('keeps lasting evidence and asks for current income and medical papers', () => {
    const items = reapplicationEvidence(
      ['illness', 'disability'],
      [
        { docType: 'id_card', uploadedOn: '2023-01-05' },
        { docType: 'hukou_book', uploadedOn: '2023-01-05' },
        { docType: 'income_certificate', uploadedOn: '2023-01-05' },
        { docType: 'medical_receipts', uploadedOn: '2026-01-10' },
        { docType: 'disability_certificate', uploadedOn: '2022-01-01' },
      ],
      '2026-01-01',
    );
    const byType = Object.fromEntries(items.map((i) => [i.docType, i]));
    expect(byType.id_card).toMatchObject({ handling: 'kept', isOnFile: true, isCurrent: true });
    expect(byType.hukou_book).toMatchObject({ handling: 'kept', isCurrent: true });
    expect(byType.disability_certificate).toMatchObject({ handling: 'kept', isCurrent: true });
    expect(byType.income_certificate).toMatchObject({
      handling: 'renew',
      isOnFile: true,
      isCurrent: false,
    });
    expect(byType.medical_receipts).toMatchObject({ handling: 'renew', isCurrent: true });
    expect(byType.diagnosis).toMatchObject({ handling: 'renew', isOnFile: false });
    expect(items.map((i) => i.docType)).not.toContain('school_certificate');
  });
});

describe('schemas', () => {
  const round = { nodeId: 1, name: '2026年度复核', periodStart: '2026-01-01' };
  it('refuses a period that ends before it starts and a share finer than thousandths', () => {
    expect(openReviewRoundSchema.safeParse({ ...round, periodEnd: '2025-12-31' }).success).toBe(
      false,
    );
    expect(
      openReviewRoundSchema.safeParse({ ...round, periodEnd: '2026-12-31', sampleShare: 0.3333 })
        .success,
    ).toBe(false);
    expect(
      openReviewRoundSchema.safeParse({ ...round, periodEnd: '2026-12-31', sampleShare: 0.35 })
        .success,
    ).toBe(true);
  });

  it('asks a reason of a forced close', () => {
    expect(closeReviewRoundSchema.safeParse({ force: true }).success).toBe(false);
    expect(closeReviewRoundSchema.safeParse({ force: true, reason: '年度工作结束' }).success).toBe(
      true,
    );
    expect(closeReviewRoundSchema.safeParse({}).success).toBe(true);
  });
});
