import { Modal, Table, Typography } from 'antd';
import dayjs from 'dayjs';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { exclusionLabels, type ExclusionId } from '../../../shared/households/policy';
import { useLocale } from '../../i18n';

/** One change another user saved since this form was loaded (details.changes of the 409). */
export type FileChange = {
  field: string;
  before: unknown;
  after: unknown;
  by: string | null;
  at: string;
};

export type FileConflict = {
  changedBy: string | null;
  changedAt: string | null;
  changes: FileChange[];
};

/** Reads the details of a stale-version CONFLICT, or null when it is some other conflict. */
export function conflictOf(details: Record<string, unknown>): FileConflict | null {
  if (!Array.isArray(details.changes)) return null;
  return {
    changedBy: typeof details.changedBy === 'string' ? details.changedBy : null,
    changedAt: typeof details.changedAt === 'string' ? details.changedAt : null,
    changes: details.changes as FileChange[],
  };
}

/** Snapshot keys (households.present.ts snapshotFile) that share a label with a form field. */
const topLabels: Record<string, string> = {
  nodeId: 'node',
  regionCode: 'region',
  standardLevel: 'standardLevel',
  phone: 'phone',
  address: 'address',
  employerName: 'employerName',
  employerType: 'employerType',
  industry: 'industry',
  isUnionMember: 'isUnionMember',
  politicalStatus: 'politicalStatus',
  maritalStatus: 'maritalStatus',
  hukouType: 'hukouType',
  modelWorkerType: 'modelWorkerType',
  housingType: 'housingType',
  housingAreaBand: 'housingAreaBand',
  isSingleParent: 'isSingleParent',
  isZeroEmployment: 'isZeroEmployment',
  mainCause: 'mainCause',
  secondaryCauses: 'secondaryCauses',
  situation: 'situation',
  bankName: 'bankName',
  bankAccount: 'bankAccount',
  status: 'change_.status',
  accident: 'change_.accident',
  monthlyIncomes: 'change_.monthlyIncomes',
  migrantWorker: 'change_.migrantWorker',
};

const memberLabels: Record<string, string> = {
  name: 'name',
  idNumber: 'idNumber',
  birthDate: 'birthDate',
  sex: 'sex',
  relation: 'relation',
  isAbleToWork: 'isAbleToWork',
  workStatus: 'workStatus',
  isInFullTimeStudy: 'isInFullTimeStudy',
  studyLevel: 'studyLevel',
  school: 'school',
  livingWithHouseholdSince: 'livingSince',
  isDependant: 'isDependant',
  isDisabledOrSeriouslyIll: 'isDisabledOrSeriouslyIll',
  healthStatus: 'healthStatus',
  diagnosis: 'diagnosis',
  disabilityType: 'disabilityType',
  disabilityGrade: 'disabilityGrade',
};

type Loose = (key: string, options?: Record<string, unknown>) => string;

/** A changed field's name in words: 张三·出生日期, 收入第 2 项, 排除条件·…. */
export function changeFieldLabel(
  field: string,
  memberNames: Map<number, string>,
  t: TFunction,
  isZh: boolean,
): string {
  const tt = t as unknown as Loose;
  const top = topLabels[field];
  if (top) return tt(`householdForm.${top}`);
  const [kind, key, sub] = field.split(':');
  if (kind === 'member' && key && sub) {
    const name = memberNames.get(Number(key)) ?? `#${key}`;
    const label = memberLabels[sub];
    return t('householdForm.change_.member', {
      name,
      field: label ? tt(`householdForm.${label}`) : sub,
    });
  }
  if (kind === 'income' && key)
    return t('householdForm.change_.income', { n: String(Number(key) + 1) });
  if (kind === 'expenditure' && key)
    return t('householdForm.change_.expenditure', { n: String(Number(key) + 1) });
  if (kind === 'exclusion' && key) {
    const label = exclusionLabels[key as ExclusionId];
    return t('householdForm.change_.exclusion', {
      label: label ? (isZh ? label.zh : label.en) : key,
    });
  }
  return field;
}

function valueText(value: unknown, t: TFunction): string {
  if (value === null || value === undefined || value === '')
    return t('householdForm.conflict.empty');
  if (value === true) return t('householdForm.answer_.yes');
  if (value === false) return t('householdForm.answer_.no');
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** "该档案已被…修改": what changed, with 重新加载 (discard mine) and 取消 (keep my edits). */
export function ConflictModal({
  conflict,
  memberNames,
  onReload,
  onClose,
}: {
  conflict: FileConflict | null;
  memberNames: Map<number, string>;
  onReload: () => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const isZh = useLocale() === 'zh-CN';
  const by = conflict?.changedBy ?? t('householdForm.conflict.someone');
  return (
    <Modal
      open={conflict !== null}
      title={t('householdForm.conflict.title', { by })}
      okText={t('householdForm.conflict.reload')}
      cancelText={t('householdForm.conflict.keep')}
      onOk={onReload}
      onCancel={onClose}
      width={760}
    >
      {conflict && (
        <>
          <Typography.Paragraph>
            {t('householdForm.conflict.intro', {
              by,
              at: conflict.changedAt ? dayjs(conflict.changedAt).format('YYYY-MM-DD HH:mm') : '—',
            })}
          </Typography.Paragraph>
          <Table<FileChange & { key: number }>
            size="small"
            pagination={false}
            scroll={{ y: 360 }}
            dataSource={conflict.changes.map((c, key) => ({ ...c, key }))}
            columns={[
              {
                title: t('householdForm.conflict.field'),
                key: 'field',
                render: (_, c) => changeFieldLabel(c.field, memberNames, t, isZh),
              },
              {
                title: t('householdForm.conflict.before'),
                key: 'before',
                render: (_, c) => valueText(c.before, t),
              },
              {
                title: t('householdForm.conflict.after'),
                key: 'after',
                render: (_, c) => valueText(c.after, t),
              },
              {
                title: t('householdForm.conflict.by'),
                key: 'by',
                render: (_, c) => `${c.by ?? '—'} ${dayjs(c.at).format('MM-DD HH:mm')}`,
              },
            ]}
          />
        </>
      )}
    </Modal>
  );
}
