import { useState } from 'react';
import { App, Button, Card, Space, Statistic, Tabs, Tag, Typography } from 'antd';
import { EditOutlined, PrinterOutlined, SyncOutlined } from '@ant-design/icons';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import { useLoad } from '../../api/use-load';
import { useReportError } from '../../api/use-report-error';
import { FullPageSpin, LoadFailed } from '../../components/status';
import { useCan } from '../../session/session';
import { NotFoundPage } from '../errors/error-pages';
import { householdsApi } from './households-api';
import { useHouseholdLabels, yuan } from './household-view-labels';
import { BasicInfoTab, CausesTab, MembersTab, MoneyTab } from './household-view-sections';
import { AssessmentTab } from './household-view-assessment';
import { HistoryTab } from './household-view-history';
import { DocumentsTab } from './documents-tab';
import { ExitsTab } from '../exits/exits-tab';
import { CasePanel } from '../cases/case-panel';
import { HouseholdRegistryPanel } from '../registry/household-registry-panel';
import { HouseholdMovesPanel } from '../transfers/household-moves-panel';
import { HouseholdReviewsPanel } from '../reviews/household-reviews-panel';
import { caseStatusColors, caseStatusText, useCaseLabels } from '../cases/cases-api';
import { WorkerCardTab } from '../cards/worker-card-tab';
import { TemplateExportButton } from './template-export-button';

const tabKeys = [
  'basic',
  'members',
  'money',
  'causes',
  'documents',
  'assessment',
  'history',
  'card',
  'exits',
] as const;
type TabKey = (typeof tabKeys)[number];

/** The household file (一户一档) as a case worker reads it, tab by tab. */
export default function HouseholdPage() {
  const { t } = useTranslation();
  const id = Number(useParams().id);
  const labels = useHouseholdLabels();
  const caseLabels = useCaseLabels();
  const can = useCan();
  const navigate = useNavigate();
  const report = useReportError();
  const { message } = App.useApp();
  const [params, setParams] = useSearchParams();
  const [reloadKey, setReloadKey] = useState(0);
  const [isAssessing, setAssessing] = useState(false);
  const {
    data: file,
    error,
    isLoading,
    reload,
    setData,
  } = useLoad(() => householdsApi.get(id), [id]);

  if (!Number.isSafeInteger(id) || id <= 0) return <NotFoundPage />;
  if (!file) {
    if (error instanceof ApiError && error.code === 'NOT_FOUND') return <NotFoundPage />;
    if (error && !isLoading) return <LoadFailed onRetry={() => void reload()} />;
    return <FullPageSpin inline />;
  }

  const canManage = can('household.manage');
  const tab: TabKey = tabKeys.find((k) => k === params.get('tab')) ?? 'basic';

  const reassess = async () => {
    setAssessing(true);
    try {
      const saved = await householdsApi.reassess(file.id);
      const { assessmentProblem, ...next } = saved;
      setData(next);
      setReloadKey((k) => k + 1);
      if (assessmentProblem)
        void message.warning(t('households.reassessProblem', { problem: assessmentProblem }));
      else
        void message.success(
          t('households.reassessed', { category: labels.category(next.category, next.eligible) }),
        );
    } catch (e) {
      report(e);
    } finally {
      setAssessing(false);
    }
  };

  const documentsTab = <DocumentsTab householdId={file.id} canManage={canManage} />;

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card>
        <div className="bf-toolbar" style={{ alignItems: 'flex-start', flexWrap: 'wrap', gap: 16 }}>
          <Space orientation="vertical" size={4}>
            <Space size={12} align="center" wrap>
              <Typography.Title level={3} style={{ margin: 0 }} data-testid="household-head-name">
                {file.headName}
              </Typography.Title>
              {labels.categoryTag(file.category, file.eligible, 'household-category')}
              {file.provisional && <Tag color="gold">{t('households.provisional')}</Tag>}
              <Tag color={file.status === 'active' ? 'success' : 'default'}>
                {labels.status(file.status)}
              </Tag>
              {file.status === 'active' && file.caseStatus !== 'registered' && (
                <Tag color={caseStatusColors[file.caseStatus]} data-testid="household-case-status">
                  {caseStatusText(caseLabels, file.caseStatus, file.caseStep)}
                </Tag>
              )}
            </Space>
            <Typography.Text type="secondary">
              {file.fileNo ? `${t('households.fileNo')} ${file.fileNo} · ` : ''}
              {file.nodeName}
              {file.regionName ? ` · ${file.regionName}` : ''}
            </Typography.Text>
          </Space>
          <Space size={32} wrap>
            <Statistic
              title={t('households.perCapita')}
              value={yuan(file.perCapitaMonthlyFen)}
              styles={{ content: { fontSize: 20 } }}
            />
            <Statistic
              title={t('households.memberCount')}
              value={t('households.persons', { count: file.members.length })}
              styles={{ content: { fontSize: 20 } }}
            />
          </Space>
          <Space wrap>
            {canManage && (
              <Button
                icon={<EditOutlined />}
                onClick={() => void navigate(`/households/${file.id}/edit`)}
              >
                {t('households.edit')}
              </Button>
            )}
            {canManage && (
              <Button icon={<SyncOutlined />} loading={isAssessing} onClick={() => void reassess()}>
                {t('households.reassess')}
              </Button>
            )}
            <Button
              icon={<PrinterOutlined />}
              onClick={() => void navigate(`/households/${file.id}/print`)}
            >
              {t('households.print')}
            </Button>
            {file.status === 'active' && <TemplateExportButton householdId={file.id} />}
          </Space>
        </div>
      </Card>
      <HouseholdMovesPanel file={file} onChanged={() => void reload()} />
      <CasePanel
        // Exit and re-admission change the case from the 退出与回访 tab: the panel loads afresh.
        key={`${file.status}-${file.caseStatus}`}
        householdId={file.id}
        isTemporary={file.fileKind === 'temporary'}
        onChanged={() => void reload()}
      />
      <HouseholdReviewsPanel householdId={file.id} onChanged={() => void reload()} />
      <HouseholdRegistryPanel householdId={file.id} onChanged={() => void reload()} />
      <Card>
        <Tabs
          activeKey={tab}
          onChange={(key) => {
            const next = new URLSearchParams(params);
            if (key === 'basic') next.delete('tab');
            else next.set('tab', key);
            setParams(next, { replace: true });
          }}
          items={[
            {
              key: 'basic',
              label: t('households.tab.basic'),
              children: <BasicInfoTab file={file} labels={labels} />,
            },
            {
              key: 'members',
              label: t('households.tab.members'),
              children: <MembersTab file={file} labels={labels} />,
            },
            {
              key: 'money',
              label: t('households.tab.money'),
              children: <MoneyTab file={file} labels={labels} />,
            },
            {
              key: 'causes',
              label: t('households.tab.causes'),
              children: <CausesTab file={file} labels={labels} />,
            },
            { key: 'documents', label: t('households.tab.documents'), children: documentsTab },
            {
              key: 'assessment',
              label: t('households.tab.assessment'),
              children: <AssessmentTab file={file} labels={labels} reloadKey={reloadKey} />,
            },
            {
              key: 'history',
              label: t('households.tab.history'),
              children: <HistoryTab file={file} labels={labels} reloadKey={reloadKey} />,
            },
            {
              key: 'card',
              label: t('noticeCards.cards.tabTitle'),
              children: <WorkerCardTab householdId={file.id} />,
            },
            {
              key: 'exits',
              label: t('exits.tabTitle'),
              children: (
                <ExitsTab
                  householdId={file.id}
                  memberCount={file.members.length}
                  onChanged={() => void reload()}
                />
              ),
            },
          ]}
        />
      </Card>
    </Space>
  );
}
