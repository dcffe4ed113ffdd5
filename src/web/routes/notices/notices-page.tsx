import { useEffect, useState } from 'react';
import {
  App,
  Button,
  Card,
  DatePicker,
  Empty,
  Form,
  Input,
  Modal,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { addWorkingDays } from '../../../shared/cases/registration';
import type { NoticePeriodStatus } from '../../../shared/notices/notice-sheet';
import { useLoad } from '../../api/use-load';
import { useReportError } from '../../api/use-report-error';
import { OrgTreeSelect } from '../../components/org-tree-select';
import { useCan, useSession } from '../../session/session';
import { useNoticeCardsText } from './use-notice-cards-text';
import { noticesApi, type EligibleApplication, type NoticeBatchSummary } from './notices-api';

export const periodStatusColors: Record<NoticePeriodStatus, string> = {
  upcoming: 'default',
  running: 'processing',
  ended: 'success',
};

/** 公示管理: notice batches in scope with their period, status and objections. */
export default function NoticesPage() {
  const can = useCan();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const { data, isLoading } = useLoad(() => noticesApi.list(), []);
  const creating = params.get('create') !== null;
  const p = useNoticeCardsText('notices');

  return (
    <Card
      title={p('title')}
      extra={
        can('household.manage') && (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setParams({ create: '' })}
            data-testid="notice-create"
          >
            {p('create')}
          </Button>
        )
      }
    >
      <Table<NoticeBatchSummary>
        rowKey="id"
        loading={isLoading}
        dataSource={data ?? []}
        data-testid="notice-table"
        locale={{
          emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={p('empty')} />,
        }}
        pagination={(data?.length ?? 0) > 50 ? { pageSize: 50 } : false}
        columns={[
          {
            title: p('title_'),
            dataIndex: 'title',
            render: (title: string, b) => <Link to={`/notices/${b.id}`}>{title}</Link>,
          },
          { title: p('node'), dataIndex: 'nodeName' },
          {
            title: p('period'),
            key: 'period',
            render: (_, b) => `${b.startsOn} ~ ${b.endsOn}`,
          },
          {
            title: p('status'),
            dataIndex: 'periodStatus',
            render: (s: NoticePeriodStatus) => (
              <Tag color={periodStatusColors[s]}>{p(`periodStatus.${s}`)}</Tag>
            ),
          },
          { title: p('households'), dataIndex: 'householdCount', align: 'right' },
          {
            title: p('objections'),
            key: 'objections',
            render: (_, b) => (
              <Space size={4}>
                {b.objectionCount}
                {b.openObjectionCount > 0 && (
                  <Tag color="warning">{p('openObjections', { count: b.openObjectionCount })}</Tag>
                )}
              </Space>
            ),
          },
        ]}
      />
      {creating && (
        <CreateNoticeModal
          householdId={Number(params.get('household')) || undefined}
          onClose={() => setParams({})}
          onCreated={(id) => void navigate(`/notices/${id}`)}
        />
      )}
    </Card>
  );
}

/** 新建公示: a unit, the applications at the notice step under it, the period and contact. */
function CreateNoticeModal(props: {
  householdId?: number;
  onClose: () => void;
  onCreated: (id: number) => void;
}) {
  const { message } = App.useApp();
  const report = useReportError();
  const session = useSession();
  const [form] = Form.useForm();
  const [nodeId, setNodeId] = useState<number | undefined>(
    session.state.status === 'ready' ? session.state.me.node.id : undefined,
  );
  const [selected, setSelected] = useState<number[]>(props.householdId ? [props.householdId] : []);
  const [isSaving, setSaving] = useState(false);
  const p = useNoticeCardsText('notices');
  const { data, isLoading } = useLoad(
    () => (nodeId ? noticesApi.eligible(nodeId) : Promise.resolve(undefined)),
    [nodeId],
  );
  const startsOn: dayjs.Dayjs | undefined = Form.useWatch('startsOn', form);

  useEffect(() => {
    if (!data) return;
    form.setFieldsValue({ title: data.defaults.title, unitName: data.defaults.unitName });
    setSelected((s) => s.filter((id) => data.applications.some((a) => a.householdId === id)));
  }, [data, form]);

  const days = data?.defaults.workingDays ?? 5;
  const start = (startsOn ?? dayjs()).format('YYYY-MM-DD');

  const submit = async () => {
    const values = await form.validateFields();
    if (!nodeId) return void message.warning(p('chooseNode'));
    if (selected.length === 0) return void message.warning(p('chooseHouseholds'));
    setSaving(true);
    try {
      const batch = await noticesApi.create({
        nodeId,
        householdIds: selected,
        title: values.title,
        unitName: values.unitName,
        contactPhone: values.contactPhone,
        startsOn: start,
      });
      void message.success(p('created'));
      props.onCreated(batch.id);
    } catch (e) {
      report(e, { form });
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open
      width={860}
      title={p('create')}
      onCancel={props.onClose}
      onOk={() => void submit()}
      confirmLoading={isSaving}
      okButtonProps={{ id: 'notice-create-ok' }}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" initialValues={{ startsOn: dayjs() }}>
        <Form.Item label={p('node')} required>
          <OrgTreeSelect value={nodeId} onChange={setNodeId} />
        </Form.Item>
        <Typography.Text strong>{p('eligible')}</Typography.Text>
        <Table<EligibleApplication>
          size="small"
          rowKey="householdId"
          loading={isLoading}
          dataSource={data?.applications ?? []}
          pagination={false}
          scroll={{ y: 240 }}
          style={{ margin: '8px 0 16px' }}
          data-testid="notice-eligible"
          locale={{ emptyText: p('noEligible') }}
          rowSelection={{
            selectedRowKeys: selected,
            onChange: (keys) => setSelected(keys as number[]),
          }}
          columns={[
            { title: p('headName'), dataIndex: 'headName' },
            { title: p('category'), dataIndex: 'categoryLabel' },
            { title: p('unit'), dataIndex: 'unit' },
            { title: p('memberCount'), dataIndex: 'memberCount', align: 'right' },
            {
              title: p('since'),
              dataIndex: 'stepSince',
              render: (v: string) => dayjs(v).format('YYYY-MM-DD'),
            },
          ]}
        />
        <Space wrap align="start" size={16}>
          <Form.Item
            name="title"
            label={p('title_')}
            rules={[{ required: true }]}
            style={{ width: 360 }}
          >
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item
            name="unitName"
            label={p('unitName')}
            rules={[{ required: true }]}
            style={{ width: 240 }}
          >
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item
            name="contactPhone"
            label={p('contactPhone')}
            rules={[{ required: true }]}
            style={{ width: 200 }}
          >
            <Input maxLength={40} data-testid="notice-contact" />
          </Form.Item>
          <Form.Item name="startsOn" label={p('startsOn')} rules={[{ required: true }]}>
            <DatePicker allowClear={false} />
          </Form.Item>
        </Space>
        <Typography.Text type="secondary">
          {p('endsOnHint', { days, end: addWorkingDays(start, days) })}
        </Typography.Text>
      </Form>
    </Modal>
  );
}
