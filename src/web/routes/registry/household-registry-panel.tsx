import { Card, Space, Typography } from 'antd';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { HouseholdRegistryView } from '../../../shared/registry/registry';
import { api } from '../../api/client';
import { useLoad } from '../../api/use-load';
import { useCan } from '../../session/session';
import { useHouseholdLabels } from '../households/household-view-labels';
import { FindingsTable } from './registry-findings';

/**
 * The file page's 数据比对 panel: the file's findings (open ones decided here
 * too) and its members a confirmed death marked. Hidden when there is none.
 */
export function HouseholdRegistryPanel({
  householdId,
  onChanged,
}: {
  householdId: number;
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  const can = useCan();
  const labels = useHouseholdLabels();
  const { data, reload } = useLoad(
    () => api.get<HouseholdRegistryView>(`/api/households/${householdId}/registry`),
    [householdId],
  );
  if (!data || (!data.findings.length && !data.deceased.length)) return null;
  return (
    <Card
      title={t('registryMatch.panelTitle')}
      extra={
        <Link to={`/registry?household=${householdId}&status=all`}>
          {t('registryMatch.openQueue')}
        </Link>
      }
    >
      <Space orientation="vertical" style={{ width: '100%' }}>
        {data.deceased.length > 0 && (
          <Typography.Text strong>
            {t('registryMatch.deceasedMembers')}：
            {data.deceased
              .map((d) =>
                t('registryMatch.deceasedOn', {
                  name: d.name,
                  relation: labels.relation(d.relation as Parameters<typeof labels.relation>[0]),
                  date: d.deceasedOn,
                }),
              )
              .join('；')}
          </Typography.Text>
        )}
        <FindingsTable
          findings={data.findings}
          showHousehold={false}
          canDecide={can('household.manage')}
          onDecided={() => {
            void reload();
            onChanged();
          }}
        />
      </Space>
    </Card>
  );
}
