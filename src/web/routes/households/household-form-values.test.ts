import dayjs from 'dayjs';
import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import { computeCheckChar } from '../../../shared/households/id-number';
import {
  householdFileInputSchema,
  type HouseholdFile,
} from '../../../shared/households/household-file';
import { zhCN } from '../../i18n/zh-CN';
import { translateHouseholdIssue } from './household-form-issues';
import {
  emptyHouseholdValues,
  emptyMember,
  formPathOf,
  toFileInput,
  valuesFromFile,
  type HouseholdFormValues,
} from './household-form-values';

const idFor = (birth: string, seq: string) => {
  const first = `320102${birth.replaceAll('-', '')}${seq}`;
  return first + computeCheckChar(first);
};

const nothingLocked = () => false;

function filledValues(): HouseholdFormValues {
  const values = emptyHouseholdValues(7);
  const head = values.members[0]!;
  const wife = { ...emptyMember('spouse'), ref: 'wife' };
  return {
    ...values,
    regionCode: '320102',
    mainCause: 'unemployment',
    phone: ' 139 1234 5678 ',
    members: [
      {
        ...head,
        ref: 'head',
        name: ' 王建华 ',
        idNumber: idFor('1978-05-12', '013'),
        birthDate: dayjs('1978-05-12'),
        sex: 'male',
        workStatus: 'laid_off',
      },
      {
        ...wife,
        name: '李秀英',
        idNumber: '',
        birthDate: dayjs('1980-09-03'),
        sex: 'female',
        workStatus: 'flexible_employment',
      },
    ],
    incomes: [{ memberRef: 'wife', type: 'wages', amountYuan: 21600.5 }],
    rigidExpenditures: [{ memberRef: '', type: 'medical', amountYuan: 4800 }],
    exclusions: { ...values.exclusions, vehicle: { answer: 'no', evidence: '车管所查询无车' } },
  };
}

function storedFile(): HouseholdFile {
  const parsed = householdFileInputSchema.parse(toFileInput(filledValues(), nothingLocked));
  return {
    ...parsed,
    id: 5,
    version: 3,
    status: 'active',
    caseStatus: 'registered',
    caseStep: 'approval',
    fileNo: null,
    fileKind: 'regular',
    temporaryReason: null,
    temporaryUntil: null,
    nodeName: '玄武区总工会',
    regionName: '玄武区',
    headName: '王建华',
    phoneMasked: '139****5678',
    bankAccountMasked: null,
    members: parsed.members.map(({ idNumber, diagnosis: _d, id: _id, ...m }, i) => ({
      ...m,
      id: 11 + i,
      ref: String(11 + i),
      idNumberMasked: idNumber ? '3201**********0136' : null,
      hasDiagnosis: i === 0,
    })),
    incomes: parsed.incomes.map((item) => ({ ...item, memberRef: '12' })),
    rigidExpenditures: parsed.rigidExpenditures.map((item) => ({ ...item, memberRef: '11' })),
    category: 'relative',
    eligible: true,
    provisional: false,
    perCapitaMonthlyFen: 194500,
    assessedAt: null,
    lastAidedAt: null,
    assessment: null,
    createdAt: '2026-11-29T00:00:00.000Z',
    createdBy: null,
    updatedAt: '2026-11-29T00:00:00.000Z',
    updatedBy: null,
  };
}

describe('toFileInput', () => {
  it('turns the form into a body the shared schema accepts: fen, dates, answers, whole-household items', () => {
    const body = toFileInput(filledValues(), nothingLocked);
    const parsed = householdFileInputSchema.parse(body);
    expect(parsed.incomes).toEqual([{ memberRef: 'wife', type: 'wages', amountFen: 2160050 }]);
    expect(parsed.rigidExpenditures).toEqual([
      { memberRef: null, type: 'medical', amountFen: 480000 },
    ]);
    expect(parsed.members[0]).toMatchObject({
      name: '王建华',
      relation: 'head',
      birthDate: '1978-05-12',
      sex: 'male',
    });
    expect(parsed.members[1]!.idNumber).toBeNull();
    expect(parsed.phone).toBe('13912345678');
    expect(parsed.exclusions.vehicle).toEqual({ answer: false, evidence: '车管所查询无车' });
    expect(parsed.exclusions.multiple_homes).toEqual({ answer: null });
    expect(parsed.accident).toBeNull();
    expect(parsed.migrantWorker).toBeNull();
  });

  it('leaves locked sensitive values out of the body, sends null for a cleared one', () => {
    const values = filledValues();
    const body = toFileInput(values, (key) => key === 'phone' || key === 'idNumber:head');
    const json = JSON.parse(JSON.stringify(body)) as Record<string, unknown> & {
      members: Record<string, unknown>[];
    };
    expect('phone' in json).toBe(false);
    expect('idNumber' in json.members[0]!).toBe(false);
    expect(json.members[1]!.idNumber).toBeNull();
    expect(json.bankAccount).toBeNull();
  });

  it('asks about migrant work only when the head is a migrant worker', () => {
    const values = filledValues();
    values.members[0]!.workStatus = 'migrant_worker';
    values.migrantWorker = { isUnionMember: true, employedInCitySince: dayjs('2015-03-01') };
    expect(toFileInput(values, nothingLocked).migrantWorker).toEqual({
      isUnionMember: true,
      employedInCitySince: '2015-03-01',
    });
  });

  it('sends the accident block only when it is ticked', () => {
    const values = filledValues();
    values.accident = { cause: 'accident', costsYuan: 30000, compensationYuan: 5000.25 };
    expect(toFileInput(values, nothingLocked).accident).toBeNull();
    values.hasAccident = true;
    expect(toFileInput(values, nothingLocked).accident).toEqual({
      cause: 'accident',
      costsFen: 3000000,
      compensationFen: 500025,
    });
  });
});

describe('valuesFromFile', () => {
  it('edits a stored file: members keep id and ref, items point to refs, sensitive values stay masked', () => {
    const file = storedFile();
    const values = valuesFromFile(file);
    expect(values.members.map((m) => [m.id, m.ref, m.idNumber])).toEqual([
      [11, '11', undefined],
      [12, '12', undefined],
    ]);
    expect(values.members[0]!.idNumberMasked).toBe('3201**********0136');
    expect(values.incomes[0]).toMatchObject({ memberRef: '12', amountYuan: 21600.5 });
    expect(values.exclusions.vehicle).toEqual({ answer: 'no', evidence: '车管所查询无车' });

    // Saved untouched: every masked value is left for the server to keep.
    const body = toFileInput(values, (key) => key !== 'bankAccount');
    const parsed = householdFileInputSchema.parse(body);
    expect(parsed.members.map((m) => [m.id, m.ref, m.idNumber, m.diagnosis])).toEqual([
      [11, '11', undefined, undefined],
      [12, '12', undefined, undefined],
    ]);
    expect(parsed.phone).toBeUndefined();
    expect(parsed.incomes[0]!.amountFen).toBe(2160050);
  });
});

describe('form issues', () => {
  it('names the yuan field for an issue on fen', () => {
    expect(formPathOf('incomes.2.amountFen')).toBe('incomes.2.amountYuan');
    expect(formPathOf('accident.costsFen')).toBe('accident.costsYuan');
    expect(formPathOf('members.1.idNumber')).toBe('members.1.idNumber');
  });

  it('says what is wrong with an ID number in Chinese', async () => {
    const i18n = i18next.createInstance();
    await i18n.init({
      showSupportNotice: false,
      lng: 'zh-CN',
      resources: { 'zh-CN': { translation: zhCN } },
    });
    const values = filledValues();
    const good = idFor('1978-05-12', '013');
    values.members[0]!.idNumber = `${good.slice(0, 17)}${good.endsWith('1') ? '2' : '1'}`;
    const result = householdFileInputSchema.safeParse(toFileInput(values, nothingLocked));
    expect(result.success).toBe(false);
    const issue = result.error!.issues.find((i) => i.path.join('.') === 'members.0.idNumber')!;
    expect(translateHouseholdIssue(issue.message, i18n.t)).toBe('校验位不正确，请核对号码');
    expect(
      translateHouseholdIssue(
        'members.1.sex: the ID number says male, the form says female',
        i18n.t,
      ),
    ).toBe('与身份证号不一致');
  });
});
