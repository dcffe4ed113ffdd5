import { useState } from 'react';
import {
  App,
  Button,
  Card,
  DatePicker,
  Empty,
  Form,
  Input,
  InputNumber,
  Modal,
  Progress,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { Link, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { ReviewRound } from '../../../shared/reviews/review-round';
import { useLoad } from '../../api/use-load';
import { useReportError } from '../../api/use-report-error';
import { OrgTreeSelect } from '../../components/org-tree-select';
import { useCan } from '../../session/session';
import { reviewsApi } from './reviews-api';

/** 年度复核: the review rounds the user takes part in, and opening a new one. */
export default function ReviewsPage() {
  const { t } = useTranslation();
  const can = useCan();
  const [isOpening, setOpening] = useState(false);
  const { data, isLoading, reload } = useLoad(() => reviewsApi.rounds(), []);

  return (
    <Card
      title={t('reviews.title')}
      extra={
        <Space>
          <Button icon={<ReloadOutlined />} onClick={() => void reload()} loading={isLoading}>
            {t('reviews.refresh')}
          </Button>
          {can('review.manage') && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setOpening(true)}>
              {t('reviews.open')}
            </Button>
          )}
        </Space>
      }
    >
      <Typography.Paragraph type="secondary">{t('reviews.intro')}</Typography.Paragraph>
      <Table<ReviewRound>
        data-testid="review-rounds"
        rowKey="id"
        loading={isLoading}
        dataSource={data ?? []}
        pagination={false}
        scroll={{ x: 1000 }}
        locale={{
          emptyText: (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('reviews.empty')} />
          ),
        }}
        columns={[
          {
            title: t('reviews.name'),
            dataIndex: 'name',
            render: (name: string, r) => <Link to={`/reviews/${r.id}`}>{name}</Link>,
          },
          { title: t('reviews.node'), dataIndex: 'nodeName' },
          {
            title: t('reviews.period'),
            key: 'period',
            render: (_, r) => `${r.periodStart} ~ ${r.periodEnd}`,
          },
          {
            title: t('reviews.status'),
            dataIndex: 'status',
            render: (s: ReviewRound['status']) => (
              <Tag color={s === 'open' ? 'processing' : 'default'}>
                {t(`reviews.roundStatus.${s}`)}
              </Tag>
            ),
          },
          {
            title: t('reviews.progress'),
            key: 'progress',
            width: 220,
            render: (_, r) => (
              <Space orientation="vertical" size={0} style={{ width: '100%' }}>
                <Progress
                  percent={r.counts.tasks ? Math.round((r.counts.done / r.counts.tasks) * 100) : 0}
                  size="small"
                />
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t('reviews.doneOf', {
                    done: String(r.counts.done),
                    tasks: String(r.counts.tasks),
                  })}
                </Typography.Text>
              </Space>
            ),
          },
          {
            title: t('reviews.sample'),
            key: 'sample',
            render: (_, r) =>
              t('reviews.sampleDoneOf', {
                done: String(r.counts.sampleDone),
                sample: String(r.counts.sample),
                share: String(Math.round(r.sampleShare * 1000) / 10),
              }),
          },
          {
            title: t('reviews.openedAt'),
            key: 'opened',
            render: (_, r) => (
              <span>
                {dayjs(r.openedAt).format('YYYY-MM-DD')}
                {r.openedBy ? ` · ${r.openedBy}` : ''}
              </span>
            ),
          },
        ]}
      />
      {isOpening && (
        <OpenRoundModal
          onClose={() => setOpening(false)}
          onOpened={() => {
            setOpening(false);
            void reload();
          }}
        />
      )}
    </Card>
  );
}

type OpenValues = {
  nodeId?: number;
  name?: string;
  period?: [Dayjs, Dayjs];
  sharePercent?: number | null;
};

/** 开启复核: node, name, period and (optionally) the sample share instead of the region's. */
function OpenRoundModal({ onClose, onOpened }: { onClose: () => void; onOpened: () => void }) {
  const { t } = useTranslation();
  const report = useReportError();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm<OpenValues>();
  const [isSaving, setSaving] = useState(false);
  const year = dayjs().year();

  const submit = async (v: OpenValues) => {
    setSaving(true);
    try {
      const round = await reviewsApi.open({
        nodeId: v.nodeId!,
        name: v.name!.trim(),
        periodStart: v.period![0].format('YYYY-MM-DD'),
        periodEnd: v.period![1].format('YYYY-MM-DD'),
        ...(v.sharePercent === null || v.sharePercent === undefined
          ? {}
          : { sampleShare: Math.round(v.sharePercent * 10) / 1000 }),
      });
      void message.success(
        t('reviews.opened', {
          tasks: String(round.taskCount),
          sample: String(round.sampleCount),
        }) + (round.skipped > 0 ? t('reviews.skipped', { count: round.skipped }) : ''),
      );
      onOpened();
      void navigate(`/reviews/${round.id}`);
    } catch (e) {
      report(e, { form });
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open
      title={t('reviews.open')}
      okText={t('reviews.openOk')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={isSaving}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('reviews.openHelp')}</Typography.Paragraph>
      <Form<OpenValues>
        form={form}
        layout="vertical"
        onFinish={(v) => void submit(v)}
        initialValues={{
          name: t('reviews.defaultName', { year: String(year) }),
          period: [dayjs(`${year}-01-01`), dayjs(`${year}-12-31`)],
        }}
      >
        <Form.Item name="nodeId" label={t('reviews.node')} rules={[{ required: true }]}>
          <OrgTreeSelect placeholder={t('reviews.nodePlaceholder')} />
        </Form.Item>
        <Form.Item
          name="name"
          label={t('reviews.name')}
          rules={[{ required: true, min: 2, max: 60 }]}
        >
          <Input />
        </Form.Item>
        <Form.Item name="period" label={t('reviews.period')} rules={[{ required: true }]}>
          <DatePicker.RangePicker style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item
          name="sharePercent"
          label={t('reviews.sharePercent')}
          extra={t('reviews.shareHelp')}
        >
          <InputNumber min={0} max={100} step={5} precision={1} suffix="%" style={{ width: 160 }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
