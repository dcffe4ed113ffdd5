import { useState } from 'react';
import {
  Alert,
  Badge,
  Button,
  Card,
  Col,
  Menu,
  Row,
  Space,
  Table,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import { EditOutlined, LockOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { DictionaryCode } from '../../../shared/households/dictionaries';
import type {
  EditableDictionary,
  EditableDictionaryItem,
} from '../../../shared/dictionaries/dictionary-edit';
import { api } from '../../api/client';
import { useLoad } from '../../api/use-load';
import { useLocale } from '../../i18n';
import { useCan, useMe } from '../../session/session';
import { DictionaryItemModal } from './dictionary-item-modal';

/** Dictionaries whose codes the rules read: why each one is locked. */
const lockedCodes = ['work_status', 'member_relation', 'study_level', 'hardship_cause'] as const;
type LockedCode = (typeof lockedCodes)[number];
const isLockedCode = (code: DictionaryCode): code is LockedCode =>
  (lockedCodes as readonly string[]).includes(code);

/** 数据字典: the dictionaries on the left, the chosen one's items on the right. */
export default function DictionariesPage() {
  const { t } = useTranslation();
  const locale = useLocale();
  const can = useCan();
  const me = useMe();
  // Dictionaries are national data: the server lets only root-node users change them.
  const canEdit = can('dictionary.manage') && me.node.type === 'national';
  const [selected, setSelected] = useState<DictionaryCode>('health_status');
  const [dialog, setDialog] = useState<{ item: EditableDictionaryItem | null } | null>(null);
  const { data, isLoading, reload } = useLoad(
    () => api.get<EditableDictionary[]>('/api/dictionaries'),
    [],
  );
  const dictionary = data?.find((d) => d.code === selected);
  const nameOf = (d: EditableDictionary) => (locale === 'zh-CN' ? d.nameZh : d.nameEn || d.nameZh);

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Alert
        type={canEdit ? 'info' : 'warning'}
        showIcon
        title={t('dictionaries.intro')}
        description={canEdit ? undefined : t('dictionaries.nationalOnly')}
        data-testid="dictionaries-intro"
      />
      <Row gutter={16}>
        <Col xs={24} md={7} lg={6}>
          <Card
            title={t('dictionaries.list')}
            loading={isLoading}
            styles={{ body: { padding: 0 } }}
          >
            <Menu
              mode="inline"
              selectedKeys={[selected]}
              onClick={({ key }) => setSelected(key as DictionaryCode)}
              style={{ borderInlineEnd: 'none' }}
              data-testid="dictionary-list"
              items={(data ?? []).map((d) => ({
                key: d.code,
                label: (
                  <Space size={6}>
                    {d.isLocked && <LockOutlined aria-label={t('dictionaries.locked')} />}
                    <span>{nameOf(d)}</span>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {t('dictionaries.itemCount', { count: d.items.length })}
                    </Typography.Text>
                  </Space>
                ),
              }))}
            />
          </Card>
        </Col>
        <Col xs={24} md={17} lg={18}>
          <Card
            loading={isLoading}
            data-testid="dictionary-items"
            title={
              dictionary && (
                <Space>
                  {dictionary.isLocked && <LockOutlined aria-label={t('dictionaries.locked')} />}
                  <span>{nameOf(dictionary)}</span>
                  <span className="bf-mono bf-muted">{dictionary.code}</span>
                </Space>
              )
            }
            extra={
              <Space>
                {canEdit && (
                  <Tooltip title={dictionary?.isLocked ? t('dictionaries.lockedNoAdd') : undefined}>
                    <Button
                      type="primary"
                      icon={<PlusOutlined />}
                      disabled={!dictionary || dictionary.isLocked}
                      onClick={() => setDialog({ item: null })}
                    >
                      {t('dictionaries.add')}
                    </Button>
                  </Tooltip>
                )}
                <Tooltip title={t('common.refresh')}>
                  <Button
                    icon={<ReloadOutlined />}
                    onClick={() => void reload()}
                    aria-label={t('common.refresh')}
                  />
                </Tooltip>
              </Space>
            }
          >
            {dictionary?.isLocked && isLockedCode(dictionary.code) && (
              <Alert
                type="warning"
                showIcon
                icon={<LockOutlined />}
                style={{ marginBottom: 12 }}
                title={t('dictionaries.lockedTitle')}
                description={t(`dictionaries.lockReason.${dictionary.code}`)}
                data-testid="dictionary-lock"
              />
            )}
            <Table<EditableDictionaryItem>
              rowKey="code"
              size="small"
              dataSource={dictionary?.items ?? []}
              pagination={false}
              scroll={{ x: 'max-content' }}
              rowClassName={(i) => (i.isActive ? '' : 'bf-muted')}
              columns={[
                {
                  title: t('dictionaries.code'),
                  dataIndex: 'code',
                  render: (code: string) => <span className="bf-mono">{code}</span>,
                },
                { title: t('dictionaries.labelZh'), dataIndex: 'labelZh' },
                {
                  title: t('dictionaries.labelEn'),
                  dataIndex: 'labelEn',
                  render: (v: string | undefined) => v || t('common.none'),
                },
                { title: t('dictionaries.sort'), dataIndex: 'sort', align: 'right' },
                {
                  title: t('dictionaries.status'),
                  dataIndex: 'isActive',
                  render: (isActive: boolean) =>
                    isActive ? (
                      <Badge status="success" text={t('dictionaries.active')} />
                    ) : (
                      <Badge status="default" text={t('dictionaries.inactive')} />
                    ),
                },
                {
                  title: t('dictionaries.source'),
                  dataIndex: 'isDefault',
                  render: (isDefault: boolean) =>
                    isDefault ? (
                      <Tag>{t('dictionaries.builtIn')}</Tag>
                    ) : (
                      <Tag color="blue">{t('dictionaries.added')}</Tag>
                    ),
                },
                ...(canEdit
                  ? [
                      {
                        title: t('common.actions'),
                        key: 'actions',
                        render: (_: unknown, item: EditableDictionaryItem) => (
                          <Button
                            type="link"
                            size="small"
                            icon={<EditOutlined />}
                            onClick={() => setDialog({ item })}
                            aria-label={`${t('common.edit')} ${item.code}`}
                          >
                            {t('common.edit')}
                          </Button>
                        ),
                      },
                    ]
                  : []),
              ]}
            />
          </Card>
        </Col>
      </Row>
      {dialog && dictionary && (
        <DictionaryItemModal
          dictionary={dictionary}
          dictionaryName={nameOf(dictionary)}
          item={dialog.item}
          onClose={() => setDialog(null)}
          onReload={() => {
            setDialog(null);
            void reload();
          }}
          onSaved={() => {
            setDialog(null);
            void reload();
          }}
        />
      )}
    </Space>
  );
}
