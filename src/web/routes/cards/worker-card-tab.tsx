import { useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Empty,
  Form,
  Input,
  Modal,
  Space,
  Spin,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import {
  displayCardNo,
  type CardAction,
  type CardStatus,
  type WorkerCardView,
} from '../../../shared/cards/worker-card';
import { useLoad } from '../../api/use-load';
import { useReportError } from '../../api/use-report-error';
import { useNoticeCardsText } from '../notices/use-notice-cards-text';
import { cardsApi } from './cards-api';

export const cardStatusColors: Record<CardStatus, string> = {
  issued: 'success',
  suspended: 'warning',
  cancelled: 'default',
};

/** 职工卡 on the file page: the card in force, earlier cards, their history and actions. */
export function WorkerCardTab({ householdId }: { householdId: number }) {
  const c = useNoticeCardsText('cards');
  const { data, setData } = useLoad(() => cardsApi.ofHousehold(householdId), [householdId]);
  const [acting, setActing] = useState<
    { card: WorkerCardView; action: CardAction } | 'issue' | null
  >(null);
  if (!data) return <Spin />;
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }} data-testid="worker-cards">
      {data.cards.length === 0 && (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={c('none')} />
      )}
      {data.canIssue && (
        <Button type="primary" onClick={() => setActing('issue')} data-testid="card-issue">
          {c('issue')}
        </Button>
      )}
      {data.cards.map((card) => (
        <Card
          key={card.id}
          size="small"
          title={
            <Space>
              <Typography.Text strong copyable={{ text: card.cardNo }} data-testid="card-no">
                {displayCardNo(card.cardNo)}
              </Typography.Text>
              <Tag color={cardStatusColors[card.status]} data-testid="card-status">
                {c(`statusText.${card.status}`)}
              </Tag>
            </Space>
          }
          extra={
            <Space>
              {card.actions.map((action) => (
                <Button
                  key={action}
                  size="small"
                  danger={action === 'cancel'}
                  onClick={() => setActing({ card, action })}
                  data-testid={`card-action-${action}`}
                >
                  {c(`action.${action}`)}
                </Button>
              ))}
            </Space>
          }
        >
          <Descriptions size="small" column={{ xs: 1, md: 2, xl: 4 }}>
            <Descriptions.Item label={c('holder')}>{card.holderName}</Descriptions.Item>
            <Descriptions.Item label={c('idNumber')}>
              {card.holderIdNumberMasked ?? '—'}
            </Descriptions.Item>
            <Descriptions.Item label={c('issuedOn')}>{card.issuedOn}</Descriptions.Item>
            {card.statusReason && (
              <Descriptions.Item label={c('statusReason')}>{card.statusReason}</Descriptions.Item>
            )}
          </Descriptions>
          <Typography.Text type="secondary">{c('history')}</Typography.Text>
          <Timeline
            style={{ marginTop: 12 }}
            items={[...card.events].reverse().map((e) => ({
              color: cardStatusColors[e.toStatus] === 'default' ? 'gray' : undefined,
              content: (
                <Space size={8} wrap>
                  <span>{dayjs(e.at).format('YYYY-MM-DD HH:mm')}</span>
                  <Tag color={cardStatusColors[e.toStatus]}>{c(`statusText.${e.toStatus}`)}</Tag>
                  {e.reason && <span>{e.reason}</span>}
                  {e.actorName && (
                    <Typography.Text type="secondary">
                      {c('by')}：{e.actorName}
                    </Typography.Text>
                  )}
                </Space>
              ),
            }))}
          />
        </Card>
      ))}
      {acting && (
        <CardReasonModal
          title={acting === 'issue' ? c('issue') : c(`action.${acting.action}`)}
          warning={acting !== 'issue' && acting.action === 'cancel' ? c('cancelWarning') : null}
          onClose={() => setActing(null)}
          onSubmit={async (reason) => {
            const next =
              acting === 'issue'
                ? await cardsApi.issue(householdId, reason)
                : await cardsApi.act(acting.card.id, {
                    action: acting.action,
                    expectedStatus: acting.card.status,
                    reason,
                  });
            setData(next);
            setActing(null);
          }}
        />
      )}
    </Space>
  );
}

function CardReasonModal(props: {
  title: string;
  warning: string | null;
  onClose: () => void;
  onSubmit: (reason: string) => Promise<void>;
}) {
  const c = useNoticeCardsText('cards');
  const { message } = App.useApp();
  const report = useReportError();
  const [form] = Form.useForm();
  const [isSaving, setSaving] = useState(false);
  const save = async () => {
    const v = await form.validateFields();
    setSaving(true);
    try {
      await props.onSubmit(v.reason);
      void message.success(c('actionDone'));
    } catch (e) {
      report(e, { form });
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal
      open
      title={props.title}
      onCancel={props.onClose}
      onOk={() => void save()}
      confirmLoading={isSaving}
      okButtonProps={{ id: 'card-action-ok' }}
      destroyOnHidden
    >
      {props.warning && (
        <Alert type="warning" showIcon title={props.warning} style={{ marginBottom: 12 }} />
      )}
      <Form form={form} layout="vertical">
        <Form.Item
          name="reason"
          label={c('reason')}
          rules={[{ required: true, whitespace: true, message: c('reasonRequired') }]}
        >
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
