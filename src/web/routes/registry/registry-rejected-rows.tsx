import { useState } from 'react';
import { Alert, Button, Drawer, Space, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type {
  RegistryRoundView,
  RejectedRowsView,
  RejectedRowView,
  RoundRowKind,
} from '../../../shared/registry/registry';
import { api } from '../../api/client';
import { useLoad } from '../../api/use-load';
import { useReportError } from '../../api/use-report-error';

const pageSize = 500;

/**
 * The rows of a round that could not be read (有误): sheet, row number, the
 * extract's column and the reason, one line per reason, so a clerk can
 * correct the extract and upload it again. With `which: 'id_unusable'`, the
 * rows read whose ID number was unusable (号码不可用), matched on name and
 * birth date only.
 */
export function RejectedRowsDrawer(props: {
  round: RegistryRoundView;
  which: RoundRowKind;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const report = useReportError();
  const { which } = props;
  const url = `/api/registry/rounds/${props.round.id}/rejected-rows`;
  const [more, setMore] = useState<RejectedRowView[]>([]);
  const [nextAfter, setNextAfter] = useState<number | null>(null);
  const first = useLoad(async () => {
    const page = await api.get<RejectedRowsView>(url, { which, limit: pageSize });
    setMore([]);
    setNextAfter(page.nextAfter);
    return page;
  }, [url, which]);
  const isRejected = which === 'rejected';

  const loadMore = async () => {
    if (nextAfter === null) return;
    try {
      const page = await api.get<RejectedRowsView>(url, {
        which,
        limit: pageSize,
        after: nextAfter,
      });
      setMore((m) => [...m, ...page.items]);
      setNextAfter(page.nextAfter);
    } catch (error) {
      report(error);
    }
  };

  // One table line per reason: a row with two bad cells shows both.
  const lines = [...(first.data?.items ?? []), ...more].flatMap((r) =>
    r.problems.map((p, i) => ({
      key: `${r.seq}.${i}`,
      row: r,
      first: i === 0,
      span: r.problems.length,
      ...p,
    })),
  );

  return (
    <Drawer
      open
      size={900}
      title={t(isRejected ? 'registryMatch.rejectedTitle' : 'registryMatch.idUnusableTitle', {
        id: props.round.id,
        file: props.round.fileName,
      })}
      onClose={props.onClose}
      destroyOnHidden
      data-testid={isRejected ? 'rejected-rows-drawer' : 'id-unusable-rows-drawer'}
    >
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <Alert
          type="warning"
          showIcon
          title={t(isRejected ? 'registryMatch.rejectedIntro' : 'registryMatch.idUnusableIntro', {
            count:
              first.data?.total ??
              (isRejected ? props.round.counts.rejected : props.round.counts.idUnusable),
          })}
        />
        <Table
          rowKey="key"
          size="small"
          loading={first.isLoading}
          dataSource={lines}
          pagination={{ pageSize: 50, hideOnSinglePage: true, showSizeChanger: false }}
          columns={[
            {
              key: 'sheet',
              title: t('registryMatch.rejectedSheet'),
              width: 100,
              render: (_, l) => l.row.sheet,
              onCell: (l) => ({ rowSpan: l.first ? l.span : 0 }),
            },
            {
              key: 'row',
              title: t('registryMatch.rejectedRow'),
              width: 80,
              render: (_, l) => l.row.rowNo,
              onCell: (l) => ({ rowSpan: l.first ? l.span : 0 }),
            },
            {
              key: 'who',
              title: t('registryMatch.rejectedPerson'),
              render: (_, l) =>
                [l.row.name, l.row.idNumberMasked].filter(Boolean).join(' · ') || '—',
              onCell: (l) => ({ rowSpan: l.first ? l.span : 0 }),
            },
            {
              key: 'column',
              title: t('registryMatch.rejectedColumn'),
              width: 150,
              render: (_, l) => l.column ?? <Typography.Text type="secondary">—</Typography.Text>,
            },
            { key: 'message', title: t('registryMatch.rejectedReason'), dataIndex: 'message' },
          ]}
        />
        {nextAfter !== null && (
          <Button block onClick={() => void loadMore()}>
            {t('common.more')}
          </Button>
        )}
      </Space>
    </Drawer>
  );
}
