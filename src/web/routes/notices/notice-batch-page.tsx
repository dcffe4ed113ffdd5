import { useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Empty,
  Form,
  Input,
  Modal,
  Radio,
  Select,
  Space,
  Table,
  Tag,
} from 'antd';
import { FileExcelOutlined, PlusOutlined, PrinterOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { useNavigate, useParams } from 'react-router';
import {
  objectionChannelLabels,
  objectionChannels,
  type NoticeObjectionView,
  type ObjectionChannel,
} from '../../../shared/notices/notice-sheet';
import { useLoad } from '../../api/use-load';
import { useReportError } from '../../api/use-report-error';
import { FullPageSpin, LoadFailed } from '../../components/status';
import { useLocale } from '../../i18n';
import { useCan, useSession } from '../../session/session';
import { NoticeSheet } from './notice-sheet';
import { noticesApi, type NoticeBatchView } from './notices-api';
import { periodStatusColors } from './notices-page';
import { useNoticeCardsText } from './use-notice-cards-text';

/** One notice batch: its period, the sheet, print and Excel, and the objections. */
export default function NoticeBatchPage() {
  const id = Number(useParams().id);
  const navigate = useNavigate();
  const p = useNoticeCardsText('notices');
  const { data, error, reload, setData } = useLoad(() => noticesApi.get(id), [id]);
  if (error && !data) return <LoadFailed onRetry={() => void reload()} />;
  if (!data) return <FullPageSpin />;
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card
        title={data.title}
        extra={
          <Space wrap>
            <Button
              icon={<PrinterOutlined />}
              onClick={() => void navigate(`/notices/${id}/print`)}
              data-testid="notice-print"
            >
              {p('print')}
            </Button>
            <Button
              icon={<FileExcelOutlined />}
              href={noticesApi.exportUrl(id)}
              data-testid="notice-excel"
            >
              {p('excel')}
            </Button>
          </Space>
        }
      >
        <Descriptions size="small" column={{ xs: 1, md: 2, xl: 3 }}>
          <Descriptions.Item label={p('node')}>{data.nodeName}</Descriptions.Item>
          <Descriptions.Item label={p('period')}>
            <Space size={4} wrap>
              {p('periodText', { start: data.startsOn, end: data.endsOn, days: data.workingDays })}
              <Tag color={periodStatusColors[data.periodStatus]} data-testid="notice-period-status">
                {p(`periodStatus.${data.periodStatus}`)}
              </Tag>
            </Space>
          </Descriptions.Item>
          <Descriptions.Item label={p('contactPhone')}>{data.contactPhone}</Descriptions.Item>
          <Descriptions.Item label={p('unitName')}>{data.unitName}</Descriptions.Item>
          <Descriptions.Item label={p('households')}>{data.householdCount}</Descriptions.Item>
        </Descriptions>
        <Alert type="info" showIcon title={p('masked')} style={{ marginTop: 8 }} />
      </Card>
      <Card title={p('sheet')} styles={{ body: { background: '#f5f5f5' } }}>
        <NoticeSheet batch={data} />
      </Card>
      <Objections batch={data} onChanged={setData} />
    </Space>
  );
}

function Objections({
  batch,
  onChanged,
}: {
  batch: NoticeBatchView;
  onChanged: (b: NoticeBatchView) => void;
}) {
  const p = useNoticeCardsText('notices');
  const can = useCan();
  const session = useSession();
  const lang = useLocale() === 'zh-CN' ? 'zh' : 'en';
  const [adding, setAdding] = useState(false);
  const [resolving, setResolving] = useState<NoticeObjectionView | null>(null);
  const roles = session.state.status === 'ready' ? session.state.me.roles : [];
  const mayResolve = roles.includes('case_worker') || roles.includes('reviewer');
  const nameOf = (householdId: number) =>
    batch.rows.find((r) => r.householdId === householdId)?.headNameMasked ?? householdId;

  return (
    <Card
      title={p('objectionTitle')}
      extra={
        can('household.manage') && (
          <Button
            icon={<PlusOutlined />}
            onClick={() => setAdding(true)}
            data-testid="objection-add"
          >
            {p('addObjection')}
          </Button>
        )
      }
    >
      <Table<NoticeObjectionView>
        rowKey="id"
        size="small"
        dataSource={batch.objections}
        pagination={false}
        data-testid="objection-table"
        locale={{
          emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={p('noObjections')} />,
        }}
        columns={[
          { title: p('household'), dataIndex: 'householdId', render: nameOf },
          { title: p('receivedOn'), dataIndex: 'receivedOn' },
          {
            title: p('channel'),
            dataIndex: 'channel',
            render: (c: ObjectionChannel) => objectionChannelLabels[c][lang],
          },
          { title: p('content'), dataIndex: 'content' },
          {
            title: p('upheld'),
            key: 'upheld',
            render: (_, o) =>
              o.upheld === null ? (
                <Tag color="warning">{p('pending')}</Tag>
              ) : o.upheld ? (
                <Tag color="error">{p('upheldYes')}</Tag>
              ) : (
                <Tag color="success">{p('upheldNo')}</Tag>
              ),
          },
          {
            title: p('resolution'),
            key: 'resolution',
            render: (_, o) =>
              o.resolution ? (
                <span>
                  {o.resolution}
                  {o.resolvedByName ? `（${o.resolvedByName}）` : ''}
                </span>
              ) : mayResolve ? (
                <Button
                  size="small"
                  onClick={() => setResolving(o)}
                  data-testid="objection-resolve"
                >
                  {p('resolve')}
                </Button>
              ) : (
                '—'
              ),
          },
        ]}
      />
      {adding && (
        <AddObjectionModal
          batch={batch}
          onClose={() => setAdding(false)}
          onDone={(b) => {
            setAdding(false);
            onChanged(b);
          }}
        />
      )}
      {resolving && (
        <ResolveObjectionModal
          objection={resolving}
          onClose={() => setResolving(null)}
          onDone={(b) => {
            setResolving(null);
            onChanged(b);
          }}
        />
      )}
    </Card>
  );
}

function AddObjectionModal(props: {
  batch: NoticeBatchView;
  onClose: () => void;
  onDone: (b: NoticeBatchView) => void;
}) {
  const p = useNoticeCardsText('notices');
  const lang = useLocale() === 'zh-CN' ? 'zh' : 'en';
  const { message } = App.useApp();
  const report = useReportError();
  const [form] = Form.useForm();
  const [isSaving, setSaving] = useState(false);
  const save = async () => {
    const v = await form.validateFields();
    setSaving(true);
    try {
      const b = await noticesApi.addObjection(props.batch.id, {
        householdId: v.householdId,
        receivedOn: (v.receivedOn as dayjs.Dayjs).format('YYYY-MM-DD'),
        channel: v.channel,
        content: v.content,
      });
      void message.success(p('saved'));
      props.onDone(b);
    } catch (e) {
      report(e, { form });
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal
      open
      title={p('addObjection')}
      onCancel={props.onClose}
      onOk={() => void save()}
      confirmLoading={isSaving}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ receivedOn: dayjs(), channel: 'in_person' }}
      >
        <Form.Item name="householdId" label={p('household')} rules={[{ required: true }]}>
          <Select
            options={props.batch.rows.map((r) => ({
              value: r.householdId,
              label: `${r.no}. ${r.headNameMasked}（${r.unit}）`,
            }))}
          />
        </Form.Item>
        <Space size={16}>
          <Form.Item name="receivedOn" label={p('receivedOn')} rules={[{ required: true }]}>
            <DatePicker allowClear={false} />
          </Form.Item>
          <Form.Item name="channel" label={p('channel')} rules={[{ required: true }]}>
            <Select
              style={{ width: 160 }}
              options={objectionChannels.map((c) => ({
                value: c,
                label: objectionChannelLabels[c][lang],
              }))}
            />
          </Form.Item>
        </Space>
        <Form.Item name="content" label={p('content')} rules={[{ required: true }]}>
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function ResolveObjectionModal(props: {
  objection: NoticeObjectionView;
  onClose: () => void;
  onDone: (b: NoticeBatchView) => void;
}) {
  const p = useNoticeCardsText('notices');
  const { message } = App.useApp();
  const report = useReportError();
  const [form] = Form.useForm();
  const [isSaving, setSaving] = useState(false);
  const save = async () => {
    const v = await form.validateFields();
    setSaving(true);
    try {
      const b = await noticesApi.resolveObjection(props.objection.id, {
        resolution: v.resolution,
        upheld: v.upheld,
      });
      void message.success(p('saved'));
      props.onDone(b);
    } catch (e) {
      report(e, { form });
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal
      open
      title={`${p('resolve')}：${props.objection.headNameMasked}`}
      onCancel={props.onClose}
      onOk={() => void save()}
      confirmLoading={isSaving}
      destroyOnHidden
    >
      <p>{props.objection.content}</p>
      <Form form={form} layout="vertical" initialValues={{ upheld: false }}>
        <Form.Item name="resolution" label={p('resolution')} rules={[{ required: true }]}>
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
        <Form.Item name="upheld" label={p('upheld')} rules={[{ required: true }]}>
          <Radio.Group
            options={[
              { value: false, label: p('upheldNo') },
              { value: true, label: p('upheldYes') },
            ]}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
