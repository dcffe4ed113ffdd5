import { useEffect, useRef, useState } from 'react';
import { App, Button, Card, Col, Empty, Form, Row, Space, Typography } from 'antd';
import { CalculatorOutlined, ClearOutlined, ExperimentOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { AssessmentResult } from '../../../shared/households/assessment';
import { api, ApiError } from '../../api/client';
import { useReportError } from '../../api/use-report-error';
import { AssessmentResultView } from './assessment-result';
import { HouseholdForm } from './household-form';
import {
  emptyHousehold,
  exampleHousehold,
  toRequest,
  type HouseholdValues,
} from './household-values';

/** 困难认定测算: enter a household, assess it with no write, read the result and its trace. */
export default function AssessmentPage() {
  const { t } = useTranslation();
  const report = useReportError();
  const { message } = App.useApp();
  const [form] = Form.useForm<HouseholdValues>();
  const [result, setResult] = useState<AssessmentResult | null>(null);
  const [isRunning, setRunning] = useState(false);
  const resultRef = useRef<HTMLDivElement>(null);

  // A new result comes into view: below the form on narrower screens.
  useEffect(() => {
    if (result) resultRef.current?.scrollIntoView({ behavior: 'smooth', block: 'start' });
  }, [result]);

  const run = async (values: HouseholdValues) => {
    setRunning(true);
    try {
      setResult(await api.post<AssessmentResult>('/api/assessments/preview', toRequest(values)));
    } catch (error) {
      setResult(null);
      const details = error instanceof ApiError ? error.details : {};
      if (error instanceof ApiError && error.code === 'INVALID_STATE' && details.missing)
        void message.error(
          t('assessment.missingLine', {
            region: String(details.regionCode),
            asOf: String(details.asOf),
            what: details.missing === 'dibao_line' ? t('policy.dibao') : t('policy.minimumWage'),
          }),
          8,
        );
      else report(error);
    } finally {
      setRunning(false);
    }
  };

  const reset = (values: HouseholdValues) => {
    form.resetFields();
    form.setFieldsValue(values);
    setResult(null);
  };

  return (
    <Row gutter={16}>
      <Col xs={24} xxl={12}>
        <Card
          title={t('assessment.title')}
          extra={
            <Space>
              <Button
                icon={<ExperimentOutlined />}
                onClick={() => reset(exampleHousehold())}
                data-testid="load-example"
              >
                {t('assessment.loadExample')}
              </Button>
              <Button icon={<ClearOutlined />} onClick={() => reset(emptyHousehold())}>
                {t('assessment.clear')}
              </Button>
            </Space>
          }
        >
          <Typography.Paragraph type="secondary">{t('assessment.intro')}</Typography.Paragraph>
          <Form<HouseholdValues>
            form={form}
            layout="vertical"
            size="small"
            initialValues={emptyHousehold()}
            onFinish={(values) => void run(values)}
            className="bf-household-form"
          >
            <HouseholdForm form={form} />
            <Button
              type="primary"
              size="middle"
              htmlType="submit"
              icon={<CalculatorOutlined />}
              loading={isRunning}
              style={{ marginTop: 16 }}
              data-testid="run-assessment"
            >
              {t('assessment.run')}
            </Button>
          </Form>
        </Card>
      </Col>
      <Col xs={24} xxl={12} ref={resultRef} style={{ marginTop: 16 }}>
        {result ? (
          <AssessmentResultView result={result} />
        ) : (
          <Card title={t('assessment.result')}>
            <Empty description={t('assessment.noResult')} />
          </Card>
        )}
      </Col>
    </Row>
  );
}
