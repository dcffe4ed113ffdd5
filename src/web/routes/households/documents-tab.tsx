import { useMemo, useState } from 'react';
import {
  Alert,
  App,
  Button,
  Form,
  Input,
  Modal,
  Popconfirm,
  Select,
  Space,
  Table,
  Tag,
  Typography,
  Upload,
} from 'antd';
import type { UploadFile } from 'antd';
import {
  DeleteOutlined,
  DownloadOutlined,
  EyeOutlined,
  InboxOutlined,
  UploadOutlined,
} from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import { ApiError, api } from '../../api/client';
import { useLoad } from '../../api/use-load';
import { useReportError } from '../../api/use-report-error';
import { useLocale } from '../../i18n';
import { documentTypes, type DocumentType } from '../../../shared/households/household-file';
import {
  documentAccept,
  documentTypeLabels,
  documentTypeLabelsEn,
  isInlineContentType,
  type DocumentNeed,
  type HouseholdDocument,
  type HouseholdDocumentList,
} from '../../../shared/households/documents';
import { useHouseholdLabels } from './household-view-labels';

const base = (householdId: number) => `/api/households/${householdId}/documents`;
const contentUrl = (householdId: number, id: number, isInline = false) =>
  `${base(householdId)}/${id}/content${isInline ? '?inline=1' : ''}`;

function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

type UploadValues = { docType: DocumentType; memberId?: number; note?: string };

/**
 * 附件: the household's documents by type, what its causes of hardship still
 * call for (尚缺材料), upload, view (PDF and images open in a tab), download and
 * removal. Files are checked by the server by content; this screen only helps.
 */
export function DocumentsTab({
  householdId,
  canManage,
}: {
  householdId: number;
  canManage: boolean;
}) {
  const { t } = useTranslation();
  const locale = useLocale();
  const labels = useHouseholdLabels();
  const report = useReportError();
  const { message } = App.useApp();
  const [filter, setFilter] = useState<DocumentType | undefined>(undefined);
  const [uploadType, setUploadType] = useState<DocumentType | null | undefined>(undefined);
  const { data, isLoading, reload } = useLoad(
    () => api.get<HouseholdDocumentList>(base(householdId)),
    [householdId],
  );

  const typeLabel = (type: DocumentType) =>
    locale === 'zh-CN' ? documentTypeLabels[type] : documentTypeLabelsEn[type];
  const needLabel = (need: DocumentNeed) =>
    need === 'always' ? t('documents.always') : labels.cause(need);

  const items = useMemo(() => data?.items ?? [], [data]);
  const shown = filter ? items.filter((d) => d.docType === filter) : items;
  const counts = useMemo(() => {
    const map = new Map<DocumentType, number>();
    for (const d of items) map.set(d.docType, (map.get(d.docType) ?? 0) + 1);
    return map;
  }, [items]);

  const remove = async (doc: HouseholdDocument) => {
    try {
      await api.delete(`${base(householdId)}/${doc.id}`);
      void message.success(t('documents.removed', { name: doc.fileName }));
      await reload();
    } catch (error) {
      report(error);
    }
  };

  const missing = data?.missing ?? [];
  const maxMb = data ? String(Math.round((data.maxBytes / 1024 / 1024) * 10) / 10) : '';

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }} data-testid="documents-tab">
      {data &&
        (missing.length > 0 ? (
          <Alert
            type="warning"
            showIcon
            data-testid="documents-missing"
            title={t('documents.missingTitle', { count: missing.length })}
            description={
              <Space orientation="vertical" size={8}>
                <Typography.Text type="secondary">{t('documents.missingHint')}</Typography.Text>
                <Space size={[8, 8]} wrap>
                  {missing.map((m) => (
                    <Tag
                      key={m.docType}
                      color="orange"
                      data-testid={`missing-${m.docType}`}
                      style={{ cursor: canManage ? 'pointer' : undefined, marginInlineEnd: 0 }}
                      onClick={canManage ? () => setUploadType(m.docType) : undefined}
                    >
                      {typeLabel(m.docType)}
                      <Typography.Text type="secondary" style={{ fontSize: 12, marginLeft: 4 }}>
                        {m.neededFor.map(needLabel).join('、')}
                      </Typography.Text>
                    </Tag>
                  ))}
                </Space>
              </Space>
            }
          />
        ) : (
          <Alert
            type="success"
            showIcon
            data-testid="documents-complete"
            title={t('documents.complete')}
          />
        ))}

      <div className="bf-toolbar" style={{ gap: 12, flexWrap: 'wrap' }}>
        <Space wrap>
          <Select<DocumentType>
            allowClear
            style={{ minWidth: 220 }}
            placeholder={t('documents.allTypes')}
            value={filter}
            onChange={setFilter}
            data-testid="documents-filter"
            options={documentTypes
              .filter((type) => counts.has(type))
              .map((type) => ({
                value: type,
                label: `${typeLabel(type)}（${counts.get(type)}）`,
              }))}
          />
          <Typography.Text type="secondary">
            {t('documents.count', { count: shown.length })}
          </Typography.Text>
        </Space>
        {canManage && (
          <Button
            type="primary"
            icon={<UploadOutlined />}
            onClick={() => setUploadType(null)}
            data-testid="documents-upload"
          >
            {t('documents.upload')}
          </Button>
        )}
      </div>

      <Table<HouseholdDocument>
        rowKey="id"
        size="middle"
        loading={isLoading}
        dataSource={shown}
        pagination={shown.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
        locale={{ emptyText: t('documents.empty') }}
        scroll={{ x: 'max-content' }}
        columns={[
          {
            key: 'docType',
            title: t('documents.docType'),
            width: 170,
            render: (_, d) => <Tag color="blue">{typeLabel(d.docType)}</Tag>,
          },
          {
            key: 'fileName',
            title: t('documents.fileName'),
            render: (_, d) => (
              <Space orientation="vertical" size={0}>
                <Typography.Text ellipsis={{ tooltip: d.fileName }} style={{ maxWidth: 280 }}>
                  {d.fileName}
                </Typography.Text>
                {d.note && (
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {d.note}
                  </Typography.Text>
                )}
              </Space>
            ),
          },
          {
            key: 'member',
            title: t('documents.member'),
            width: 130,
            render: (_, d) => d.memberName ?? t('documents.wholeHousehold'),
          },
          {
            key: 'size',
            title: t('documents.size'),
            width: 100,
            align: 'right',
            render: (_, d) => formatSize(d.sizeBytes),
          },
          {
            key: 'uploadedBy',
            title: t('documents.uploadedBy'),
            width: 120,
            render: (_, d) => d.uploadedBy ?? '—',
          },
          {
            key: 'uploadedAt',
            title: t('documents.uploadedAt'),
            width: 160,
            render: (_, d) => dayjs(d.uploadedAt).format('YYYY-MM-DD HH:mm'),
          },
          {
            key: 'actions',
            title: t('documents.actions'),
            width: 270,
            render: (_, d) => (
              <Space size={0}>
                {isInlineContentType(d.contentType) && (
                  <Button
                    type="link"
                    size="small"
                    icon={<EyeOutlined />}
                    href={contentUrl(householdId, d.id, true)}
                    target="_blank"
                    rel="noopener noreferrer"
                  >
                    {t('documents.view')}
                  </Button>
                )}
                <Button
                  type="link"
                  size="small"
                  icon={<DownloadOutlined />}
                  href={contentUrl(householdId, d.id)}
                  download={d.fileName}
                >
                  {t('documents.download')}
                </Button>
                {canManage && (
                  <Popconfirm
                    title={t('documents.removeConfirm', { name: d.fileName })}
                    description={t('documents.removeHint')}
                    okButtonProps={{ danger: true }}
                    onConfirm={() => remove(d)}
                  >
                    <Button type="link" size="small" danger icon={<DeleteOutlined />}>
                      {t('documents.remove')}
                    </Button>
                  </Popconfirm>
                )}
              </Space>
            ),
          },
        ]}
      />

      {canManage && data && (
        <UploadModal
          open={uploadType !== undefined}
          householdId={householdId}
          initialType={uploadType ?? undefined}
          members={data.members}
          maxBytes={data.maxBytes}
          maxMb={maxMb}
          typeLabel={typeLabel}
          missingTypes={missing.map((m) => m.docType)}
          onClose={() => setUploadType(undefined)}
          onUploaded={(doc) => {
            void message.success(t('documents.uploaded', { name: doc.fileName }));
            setUploadType(undefined);
            void reload();
          }}
        />
      )}
    </Space>
  );
}

function UploadModal(props: {
  open: boolean;
  householdId: number;
  initialType: DocumentType | undefined;
  members: HouseholdDocumentList['members'];
  maxBytes: number;
  maxMb: string;
  typeLabel: (type: DocumentType) => string;
  missingTypes: DocumentType[];
  onClose: () => void;
  onUploaded: (doc: HouseholdDocument) => void;
}) {
  const { t } = useTranslation();
  const labels = useHouseholdLabels();
  const report = useReportError();
  const [form] = Form.useForm<UploadValues>();
  const [files, setFiles] = useState<UploadFile[]>([]);
  const [fileError, setFileError] = useState<string | null>(null);
  const [isBusy, setBusy] = useState(false);

  const typeOptions = [
    ...props.missingTypes,
    ...documentTypes.filter((type) => !props.missingTypes.includes(type)),
  ].map((type) => ({
    value: type,
    label: props.missingTypes.includes(type) ? (
      <Space size={4}>
        {props.typeLabel(type)}
        <Tag color="orange" style={{ marginInlineEnd: 0 }}>
          {t('documents.missingTag')}
        </Tag>
      </Space>
    ) : (
      props.typeLabel(type)
    ),
    text: props.typeLabel(type),
  }));

  const submit = async () => {
    const values = await form.validateFields();
    const file = files[0]?.originFileObj;
    if (!file) {
      setFileError(t('documents.fileRequired'));
      return;
    }
    setBusy(true);
    try {
      const doc = await api.upload<HouseholdDocument>(
        `/api/households/${props.householdId}/documents`,
        file,
        { docType: values.docType, memberId: values.memberId, note: values.note },
      );
      props.onUploaded(doc);
    } catch (error) {
      if (error instanceof ApiError && error.issues.some((i) => i.path === 'file')) {
        setFileError(
          error.details.reason === 'too_large'
            ? t('documents.tooLarge', { mb: props.maxMb })
            : t('documents.badType'),
        );
        return;
      }
      report(error, { form });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={props.open}
      title={
        props.initialType
          ? t('documents.uploadFor', { type: props.typeLabel(props.initialType) })
          : t('documents.upload')
      }
      okText={t('documents.upload')}
      confirmLoading={isBusy}
      onOk={() => void submit()}
      onCancel={props.onClose}
      destroyOnHidden
      afterOpenChange={(open) => {
        if (!open) return;
        form.resetFields();
        form.setFieldsValue({ docType: props.initialType });
        setFiles([]);
        setFileError(null);
      }}
    >
      <Form form={form} layout="vertical" preserve={false} data-testid="documents-upload-form">
        <Form.Item
          name="docType"
          label={t('documents.docType')}
          rules={[{ required: true, message: t('documents.docType') }]}
        >
          <Select
            showSearch={{ optionFilterProp: 'text' }}
            options={typeOptions}
            data-testid="documents-doc-type"
          />
        </Form.Item>
        <Form.Item name="memberId" label={t('documents.member')}>
          <Select
            allowClear
            placeholder={t('documents.wholeHousehold')}
            options={props.members.map((m) => ({
              value: m.id,
              label: `${m.name}（${labels.relation(m.relation as Parameters<typeof labels.relation>[0])}）`,
            }))}
          />
        </Form.Item>
        <Form.Item name="note" label={t('documents.note')}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item
          label={t('documents.file')}
          required
          validateStatus={fileError ? 'error' : undefined}
          help={fileError ?? t('documents.fileHint', { mb: props.maxMb })}
        >
          <Upload.Dragger
            accept={documentAccept}
            maxCount={1}
            fileList={files}
            beforeUpload={(file) => {
              setFileError(
                file.size > props.maxBytes ? t('documents.tooLarge', { mb: props.maxMb }) : null,
              );
              return false;
            }}
            onChange={({ fileList }) => setFiles(fileList.slice(-1))}
            data-testid="documents-file"
          >
            <p className="ant-upload-drag-icon">
              <InboxOutlined />
            </p>
            <p className="ant-upload-text">{t('documents.chooseFile')}</p>
          </Upload.Dragger>
        </Form.Item>
      </Form>
    </Modal>
  );
}
