import type { Db } from '../db/database';
import { computeCheckChar } from '../../shared/households/id-number';
import type { HouseholdFileInputJson } from '../../shared/households/household-file';

/**
 * A valid 18-digit ID number for a region, birth date and sequence (odd = male).
 * `idNumberFor('320102', '1978-03-15', 123)` → '320102197803151234'-like.
 */
export function idNumberFor(region: string, birthDate: string, sequence: number): string {
  const first17 = `${region}${birthDate.replaceAll('-', '')}${String(sequence).padStart(3, '0')}`;
  return first17 + computeCheckChar(first17);
}

/**
 * A worker's household of two in 玄武区: head (laid off, able to work) and a
 * daughter at school; income 18,000 yuan a year, medical costs 3,000.
 */
export function householdInput(
  nodeId: number,
  overrides: Partial<HouseholdFileInputJson> & { headSeq?: number; childSeq?: number } = {},
): HouseholdFileInputJson {
  const { headSeq = 101, childSeq = 202, ...rest } = overrides;
  return {
    nodeId,
    regionCode: '320102',
    standardLevel: 'grassroots',
    phone: '13812345678',
    address: '南京市玄武区中山路1号',
    employerName: '南京机械厂',
    mainCause: 'illness',
    secondaryCauses: ['unemployment'],
    situation: '户主患病，下岗在家',
    bankName: '中国工商银行',
    bankAccount: '6222021234567890123',
    members: [
      {
        ref: 'head',
        relation: 'head',
        name: '张建国',
        idNumber: idNumberFor('320102', '1975-04-12', headSeq),
        birthDate: '1975-04-12',
        sex: headSeq % 2 === 1 ? 'male' : 'female',
        isAbleToWork: false,
        workStatus: 'laid_off',
        isDisabledOrSeriouslyIll: true,
        healthStatus: 'malignant_tumour',
        diagnosis: '肺癌术后化疗',
      },
      {
        ref: 'child',
        relation: 'child',
        name: '张小燕',
        idNumber: idNumberFor('320102', '2008-09-01', childSeq),
        birthDate: '2008-09-01',
        sex: childSeq % 2 === 1 ? 'male' : 'female',
        isAbleToWork: false,
        isInFullTimeStudy: true,
        studyLevel: 'senior_secondary',
        school: '南京市第九中学',
      },
    ],
    incomes: [{ memberRef: 'head', type: 'transfers', amountFen: 1_800_000 }],
    rigidExpenditures: [{ memberRef: 'head', type: 'medical', amountFen: 300_000 }],
    exclusions: {
      multiple_homes: { answer: false, evidence: '不动产查询无第二套' },
      business_owner: { answer: false },
      vehicle: { answer: false },
      private_school_abroad: { answer: false },
      refuses_verification: { answer: false },
      refuses_work: { answer: false },
    },
    ...rest,
  };
}

/**
 * A 低保 line and a minimum wage for 南京市 (320100) from 2024-01-01: every
 * county of the city (玄武区 320102, 秦淮区 320104 …) can then be assessed.
 */
export async function addNanjingLines(
  db: Db,
  fen: { dibao?: number; minimumWage?: number } = {},
): Promise<void> {
  await db
    .insertInto('policy_rates')
    .values(
      (['dibao', 'minimum_wage'] as const).map((kind) => ({
        kind,
        region_code: '320100',
        monthly_fen: kind === 'dibao' ? (fen.dibao ?? 118_000) : (fen.minimumWage ?? 249_000),
        effective_from: '2024-01-01',
        effective_to: null,
        note: null,
      })),
    )
    .execute();
}
