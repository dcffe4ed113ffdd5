import { useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Col,
  Descriptions,
  Empty,
  Form,
  Input,
  Modal,
  Pagination,
  Row,
  Segmented,
  Space,
  Spin,
  Tag,
  Typography,
} from 'antd';
import { CheckCircleOutlined, CloseCircleOutlined, ReloadOutlined } from '@ant-design/icons';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import type {
  DuplicateDecision,
  DuplicateGroup,
  DuplicateKind,
  DuplicatePage,
} from '../../../shared/households/duplicates';
import { duplicateKinds } from '../../../shared/households/duplicates';
import { api } from '../../api/client';
import { useLoad } from '../../api/use-load';
import { useReportError } from '../../api/use-report-error';
import { useCan } from '../../session/session';
import { useHouseholdLabels } from '../households/household-view-labels';

const pageSize = 20;
const kindColors: Record<DuplicateKind, string> = {
  name_birth: 'blue',
  phone: 'cyan',
  bank_account: 'geekblue',
};

type Pending = { group: DuplicateGroup; decision: DuplicateDecision };

/** 疑似重复档案: groups of active files that share a person, a phone or a bank account. */
export default function DuplicatesPage() {
  const { t } = useTranslation();
  const can = useCan();
  const [kind, setKind] = useState<DuplicateKind | 'all'>('all');
  const [showDecided, setShowDecided] = useState(false);
  const [page, setPage] = useState(1);
  const { data, isLoading, reload } = useLoad(
    () =>
      api.get<DuplicatePage>('/api/duplicates', {
        kind: kind === 'all' ? undefined : kind,
        include: showDecided ? 'decided' : undefined,
        limit: pageSize,
        offset: (page - 1) * pageSize,
      }),
    [kind, showDecided, page],
  );
  const [pending, setPending] = useState<Pending | null>(null);
  const canDecide = can('household.manage');
  const counts = data?.counts;
  const all = counts ? counts.name_birth + counts.phone + counts.bank_account : undefined;

  return (
    <Card
      title={t('duplicates.title')}
      extra={
        <Button icon={<ReloadOutlined />} onClick={() => void reload()}>
          {t('common.refresh')}
        </Button>
      }
    >
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <Alert type="info" showIcon title={t('duplicates.intro')} />
        <Space wrap>
          <Segmented<DuplicateKind | 'all'>
            value={kind}
            onChange={(value) => {
              setKind(value);
              setPage(1);
            }}
            options={[
              { value: 'all', label: withCount(t('duplicates.kindAll'), all) },
              ...duplicateKinds.map((k) => ({
                value: k,
                label: withCount(t(`duplicates.kind.${k}`), counts?.[k]),
              })),
            ]}
          />
          <Checkbox
            checked={showDecided}
            onChange={(e) => {
              setShowDecided(e.target.checked);
              setPage(1);
            }}
          >
            {t('duplicates.showDecided')}
          </Checkbox>
        </Space>
        {data?.isTruncated && <Alert type="warning" showIcon title={t('duplicates.truncated')} />}
        <Spin spinning={isLoading}>
          {data && data.items.length === 0 ? (
            <Empty description={t('duplicates.empty')} />
          ) : (
            <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
              {data?.items.map((group) => (
                <GroupCard
                  key={`${group.kind}:${group.keyHash}`}
                  group={group}
                  canDecide={canDecide}
                  onDecide={(decision) => setPending({ group, decision })}
                />
              ))}
            </Space>
          )}
        </Spin>
        {data && data.total > pageSize && (
          <Pagination
            current={page}
            pageSize={pageSize}
            total={data.total}
            showSizeChanger={false}
            showTotal={(total) => t('duplicates.total', { count: total })}
            onChange={setPage}
          />
        )}
      </Space>
      <DecisionModal
        pending={pending}
        onClose={() => setPending(null)}
        onDone={() => {
          setPending(null);
          void reload();
        }}
      />
    </Card>
  );
}

function withCount(label: string, count: number | undefined) {
  return count === undefined ? label : `${label} (${count})`;
}

function GroupCard({
  group,
  canDecide,
  onDecide,
}: {
  group: DuplicateGroup;
  canDecide: boolean;
  onDecide: (decision: DuplicateDecision) => void;
}) {
  const { t } = useTranslation();
  const labels = useHouseholdLabels();
  const review = group.review;
  return (
    <Card
      size="small"
      data-testid="duplicate-group"
      title={
        <Space wrap>
          <Tag color={kindColors[group.kind]}>{t(`duplicates.kind.${group.kind}`)}</Tag>
          <Typography.Text strong>{group.description}</Typography.Text>
          <Typography.Text type="secondary">
            {t('duplicates.fileCount', { count: group.files.length })}
          </Typography.Text>
          {group.outsideCount > 0 && (
            <Tag color="warning">{t('duplicates.outside', { count: group.outsideCount })}</Tag>
          )}
        </Space>
      }
      extra={
        canDecide && (
          <Space>
            <Button
              size="small"
              icon={<CloseCircleOutlined />}
              onClick={() => onDecide('dismissed')}
            >
              {t('duplicates.dismiss')}
            </Button>
            <Button
              size="small"
              danger
              icon={<CheckCircleOutlined />}
              onClick={() => onDecide('confirmed')}
            >
              {t('duplicates.confirm')}
            </Button>
          </Space>
        )
      }
    >
      {review && (
        <Alert
          style={{ marginBottom: 12 }}
          type={review.decision === 'confirmed' ? 'warning' : 'success'}
          showIcon
          title={t(`duplicates.decided.${review.decision}`, {
            by: review.decidedBy ?? '—',
            at: dayjs(review.decidedAt).format('YYYY-MM-DD HH:mm'),
          })}
          description={
            review.decision === 'confirmed'
              ? [review.note, t('duplicates.resolveHint')].filter(Boolean).join(' · ')
              : review.note
          }
        />
      )}
      <Row gutter={[12, 12]}>
        {group.files.map((file) => (
          <Col key={file.id} xs={24} md={12} xl={8}>
            <Card size="small" type="inner" data-testid="duplicate-file">
              <Descriptions
                size="small"
                column={1}
                title={<Link to={`/households/${file.id}`}>{file.headName}</Link>}
                extra={labels.categoryTag(file.category, null)}
                items={[
                  {
                    key: 'id',
                    label: t('duplicates.headIdNumber'),
                    children: file.headIdNumberMasked ?? '—',
                  },
                  ...(file.matchedMember
                    ? [
                        {
                          key: 'match',
                          label: t('duplicates.matchedMember'),
                          children: labels.zh
                            ? `${file.matchedMember.name}（${labels.relation(file.matchedMember.relation)}）`
                            : `${file.matchedMember.name} (${labels.relation(file.matchedMember.relation)})`,
                        },
                      ]
                    : []),
                  { key: 'node', label: t('duplicates.node'), children: file.nodeName },
                  {
                    key: 'updated',
                    label: t('duplicates.updatedAt'),
                    children: dayjs(file.updatedAt).format('YYYY-MM-DD HH:mm'),
                  },
                ]}
              />
            </Card>
          </Col>
        ))}
      </Row>
    </Card>
  );
}

function DecisionModal({
  pending,
  onClose,
  onDone,
}: {
  pending: Pending | null;
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const report = useReportError();
  const [form] = Form.useForm<{ note: string }>();
  const [isSaving, setSaving] = useState(false);

  const submit = async ({ note }: { note: string }) => {
    if (!pending) return;
    setSaving(true);
    try {
      await api.post('/api/duplicates/review', {
        kind: pending.group.kind,
        keyHash: pending.group.keyHash,
        decision: pending.decision,
        note: note ?? '',
      });
      message.success(t(`duplicates.saved.${pending.decision}`));
      form.resetFields();
      onDone();
    } catch (error) {
      report(error);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open={pending !== null}
      title={pending ? t(`duplicates.modalTitle.${pending.decision}`) : ''}
      okText={
        pending ? t(`duplicates.${pending.decision === 'dismissed' ? 'dismiss' : 'confirm'}`) : ''
      }
      okButtonProps={{ danger: pending?.decision === 'confirmed', loading: isSaving }}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      {pending && (
        <Typography.Paragraph type="secondary">
          {pending.group.description} ·{' '}
          {t('duplicates.fileCount', { count: pending.group.files.length })}
          {pending.decision === 'confirmed' && <> · {t('duplicates.resolveHint')}</>}
        </Typography.Paragraph>
      )}
      <Form form={form} layout="vertical" onFinish={(v) => void submit(v)}>
        <Form.Item
          name="note"
          label={t('duplicates.note')}
          rules={[
            { required: pending?.decision === 'dismissed', message: t('duplicates.noteRequired') },
            { max: 500 },
          ]}
        >
          <Input.TextArea
            rows={3}
            maxLength={500}
            showCount
            placeholder={t('duplicates.notePlaceholder')}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
