import { useState } from 'react';
import { Button, Card, Descriptions, Form, Input, Result, Space, Tag } from 'antd';
import { SafetyCertificateOutlined } from '@ant-design/icons';
import { Link } from 'react-router';
import {
  checkCardNo,
  displayCardNo,
  type CardLookupResult,
} from '../../../shared/cards/worker-card';
import { ApiError } from '../../api/client';
import { useReportError } from '../../api/use-report-error';
import { useNoticeCardsText } from '../notices/use-notice-cards-text';
import { cardsApi } from './cards-api';
import { cardStatusColors } from './worker-card-tab';

/** 职工卡查验: a typed number is checked by its check digit, then looked up within scope. */
export default function CardLookupPage() {
  const c = useNoticeCardsText('cards');
  const report = useReportError();
  const [form] = Form.useForm();
  const [result, setResult] = useState<CardLookupResult | null>(null);
  const [notFound, setNotFound] = useState(false);
  const [isLoading, setLoading] = useState(false);

  const lookup = async () => {
    const { cardNo } = await form.validateFields();
    setResult(null);
    setNotFound(false);
    setLoading(true);
    try {
      setResult(await cardsApi.lookup(cardNo));
    } catch (e) {
      if (e instanceof ApiError && e.code === 'NOT_FOUND') setNotFound(true);
      else report(e, { form });
    } finally {
      setLoading(false);
    }
  };

  return (
    <Card title={c('lookupTitle')}>
      <Space orientation="vertical" size={16} style={{ width: '100%', maxWidth: 720 }}>
        <Form form={form} layout="inline" onFinish={() => void lookup()}>
          <Form.Item
            name="cardNo"
            extra={c('lookupHint')}
            rules={[
              { required: true, message: c('lookupHint') },
              {
                // The check digit is verified before anything is asked of the server.
                validator: async (_, v: string | undefined) => {
                  if (!v) return;
                  const checked = checkCardNo(v);
                  if (!checked.ok)
                    throw new Error(
                      c(checked.reason === 'check_digit' ? 'badCheckDigit' : 'badFormat'),
                    );
                },
              },
            ]}
            style={{ width: 360 }}
          >
            <Input
              placeholder="320102 2026 000001 X"
              allowClear
              data-testid="card-lookup-input"
              style={{ fontFamily: 'monospace' }}
            />
          </Form.Item>
          <Button
            type="primary"
            htmlType="submit"
            icon={<SafetyCertificateOutlined />}
            loading={isLoading}
            data-testid="card-lookup-submit"
          >
            {c('lookup')}
          </Button>
        </Form>
        {notFound && <Result status="warning" title={c('notFound')} />}
        {result && (
          <Descriptions bordered size="small" column={1} data-testid="card-lookup-result">
            <Descriptions.Item label={c('cardNo')}>
              <Space>
                {displayCardNo(result.cardNo)}
                <Tag color="blue">{c('valid')}</Tag>
              </Space>
            </Descriptions.Item>
            <Descriptions.Item label={c('status')}>
              <Space>
                <Tag color={cardStatusColors[result.status]} data-testid="card-lookup-status">
                  {c(`statusText.${result.status}`)}
                </Tag>
                {result.statusReason}
              </Space>
            </Descriptions.Item>
            <Descriptions.Item label={c('holderMasked')}>
              {result.holderNameMasked}
            </Descriptions.Item>
            <Descriptions.Item label={c('issuingNode')}>{result.issuingNodeName}</Descriptions.Item>
            <Descriptions.Item label={c('issuedOn')}>{result.issuedOn}</Descriptions.Item>
            <Descriptions.Item label={c('fileNo')}>
              <Space>
                {result.fileNo ?? '—'}
                <Link to={`/households/${result.householdId}`}>{c('openFile')}</Link>
              </Space>
            </Descriptions.Item>
          </Descriptions>
        )}
      </Space>
    </Card>
  );
}
