import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { Alert, Button, Card, Descriptions, Space, Typography } from 'antd';
import { ArrowLeftOutlined, ArrowRightOutlined, SendOutlined } from '@ant-design/icons';
import { ApiError } from '../../api/client';
import { useLoad } from '../../api/use-load';
import { useReportError } from '../../api/use-report-error';
import { useCan } from '../../session/session';
import { FullPageSpin, LoadFailed } from '../../components/status';
import { NotFoundPage } from '../errors/error-pages';
import { casesApi } from '../cases/cases-api';
import { DocumentsTab } from './documents-tab';
import { AssessmentTab } from './household-view-assessment';
import { householdsApi } from './households-api';
import { useHouseholdLabels, yuan } from './household-view-labels';
import { ApplicationSteps, applicationSteps, type ApplicationStep } from './application-steps';

/**
 * 建档申请向导: after the file is filled in and saved as a draft, the applying
 * union attaches the documents its causes call for (what is still missing is
 * listed), checks the assessment, and submits the application into the
 * workflow — or leaves it as a draft to finish later.
 */
export default function ApplicationWizardPage() {
  const { t } = useTranslation();
  const id = Number(useParams().id);
  const [params, setParams] = useSearchParams();
  const navigate = useNavigate();
  const can = useCan();
  const report = useReportError();
  const labels = useHouseholdLabels();
  const [isSubmitting, setSubmitting] = useState(false);
  const { data: file, error, isLoading, reload } = useLoad(() => householdsApi.get(id), [id]);

  if (!Number.isSafeInteger(id) || id <= 0) return <NotFoundPage />;
  if (!file) {
    if (error instanceof ApiError && error.code === 'NOT_FOUND') return <NotFoundPage />;
    if (error && !isLoading) return <LoadFailed onRetry={() => void reload()} />;
    return <FullPageSpin inline />;
  }

  const requested = applicationSteps.indexOf(params.get('step') as ApplicationStep);
  const current = requested >= 1 ? requested : 1;
  const go = (step: number) => setParams({ step: applicationSteps[step]! }, { replace: true });
  const isDraft = file.caseStatus === 'draft' && file.status === 'active';

  const submit = async () => {
    setSubmitting(true);
    try {
      await casesApi.act(file.id, {
        action: 'submit',
        expected: { status: file.caseStatus, step: file.caseStep },
      });
      void navigate(`/households/${file.id}`);
    } catch (e) {
      report(e, { onReload: () => void reload() });
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card size="small">
        <Space orientation="vertical" size={16} style={{ width: '100%' }}>
          <Space align="center" wrap>
            <Button
              icon={<ArrowLeftOutlined />}
              onClick={() => void navigate(`/households/${file.id}`)}
            >
              {t('application.toFile')}
            </Button>
            <Typography.Title level={4} style={{ margin: 0 }}>
              {t('application.title', { name: file.headName })}
            </Typography.Title>
          </Space>
          <ApplicationSteps current={current} />
        </Space>
      </Card>
      {!isDraft && <Alert type="info" showIcon title={t('application.notDraft')} />}
      <Card data-testid={`application-step-${applicationSteps[current]}`}>
        {current === 1 && (
          <Space orientation="vertical" size={12} style={{ width: '100%' }}>
            <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
              {t('application.documentsIntro')}
            </Typography.Paragraph>
            <DocumentsTab householdId={file.id} canManage={can('household.manage')} />
          </Space>
        )}
        {current === 2 && <AssessmentTab file={file} labels={labels} reloadKey={0} />}
        {current === 3 && (
          <Space orientation="vertical" size={16} style={{ width: '100%' }}>
            <Descriptions
              bordered
              size="small"
              column={1}
              items={[
                { key: 'head', label: t('application.head'), children: file.headName },
                { key: 'node', label: t('application.node'), children: file.nodeName },
                {
                  key: 'members',
                  label: t('application.members'),
                  children: file.members.length,
                },
                {
                  key: 'category',
                  label: t('application.category'),
                  children: labels.category(file.category, file.eligible),
                },
                {
                  key: 'perCapita',
                  label: t('application.perCapita'),
                  children:
                    file.perCapitaMonthlyFen === null ? '—' : yuan(file.perCapitaMonthlyFen),
                },
              ]}
            />
            {file.eligible === false && (
              <Alert type="warning" showIcon title={t('application.notEligible')} />
            )}
            <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
              {t('application.submitIntro')}
            </Typography.Paragraph>
          </Space>
        )}
      </Card>
      <Card size="small">
        <Space wrap style={{ width: '100%', justifyContent: 'space-between' }}>
          <Button
            icon={<ArrowLeftOutlined />}
            onClick={() =>
              current === 1 ? void navigate(`/households/${file.id}/edit`) : go(current - 1)
            }
          >
            {current === 1 ? t('application.backToForm') : t('application.previous')}
          </Button>
          <Space wrap>
            <Button onClick={() => void navigate(`/households/${file.id}`)}>
              {t('application.later')}
            </Button>
            {current < 3 ? (
              <Button
                type="primary"
                icon={<ArrowRightOutlined />}
                iconPlacement="end"
                onClick={() => go(current + 1)}
                data-testid="application-next"
              >
                {t('application.next')}
              </Button>
            ) : (
              <Button
                type="primary"
                icon={<SendOutlined />}
                loading={isSubmitting}
                disabled={!isDraft}
                onClick={() => void submit()}
                data-testid="application-submit"
              >
                {t('application.submit')}
              </Button>
            )}
          </Space>
        </Space>
      </Card>
    </Space>
  );
}
