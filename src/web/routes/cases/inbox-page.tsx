import { useState } from 'react';
import { Alert, Button, Card, Empty, Space, Table, Tag, Typography } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useLoad } from '../../api/use-load';
import { CaseActionModal } from './case-action-modal';
import { caseStatusColors, casesApi, useCaseLabels } from './cases-api';
import type { CaseAction, CaseInboxItem, InboxItem } from './cases-api';
import { notifyInboxChanged } from './inbox-badge';
import { inboxLimit } from '../../../shared/cases/registration';
import { sortInbox } from './inbox-order';
import { exitsApi } from '../exits/exits-api';
import { ReviewTaskDrawer } from '../reviews/review-task-drawer';

const keyOf = (item: InboxItem) =>
  item.kind === 'case' ? `case-${item.householdId}` : `review-${item.taskId}`;

/**
 * 待办事项: the cases in the caller's scope waiting for something the caller may
 * do, and the pending annual review tasks (年度复核) they may end — those open in
 * the review drawer, the sample marked.
 */
export default function InboxPage() {
  const { t } = useTranslation();
  const labels = useCaseLabels();
  const [acting, setActing] = useState<{ item: CaseInboxItem; action: CaseAction } | null>(null);
  const [reviewTaskId, setReviewTaskId] = useState<number | null>(null);
  const { data, isLoading, reload } = useLoad(() => casesApi.inbox(), []);
  const exits = useLoad(() => exitsApi.waiting(), []);
  const items = sortInbox(data?.items ?? []);
  const overdue = items.filter((i) => i.isOverdue).length;
  const reviews = items.filter((i) => i.kind === 'review').length;
  const reviewsTotal = data?.reviewTasksTotal ?? 0;

  const refresh = () => {
    void reload();
    notifyInboxChanged();
  };

  return (
    <Card
      title={
        <Space>
          {t('cases.inbox.title')}
          {data && (
            <Typography.Text type="secondary" style={{ fontWeight: 'normal' }}>
              {t('cases.inbox.count', { count: items.length - reviews + reviewsTotal })}
              {overdue > 0 ? ` · ${t('cases.inbox.overdueCount', { count: overdue })}` : ''}
              {reviewsTotal > 0
                ? ` · ${t('cases.inbox.reviewCount', { count: reviewsTotal })}`
                : ''}
            </Typography.Text>
          )}
        </Space>
      }
      extra={
        <Button icon={<ReloadOutlined />} onClick={refresh} loading={isLoading}>
          {t('cases.inbox.refresh')}
        </Button>
      }
    >
      {(exits.data?.length ?? 0) > 0 && (
        <Alert
          style={{ marginBottom: 16 }}
          type="info"
          showIcon
          data-testid="inbox-exits"
          title={<Link to="/exits">{t('exits.inboxWaiting', { count: exits.data!.length })}</Link>}
        />
      )}
      {reviewsTotal > reviews && (
        <Alert
          style={{ marginBottom: 16 }}
          type="warning"
          showIcon
          data-testid="inbox-reviews-cut"
          title={
            <Link to="/reviews">
              {t('cases.inbox.reviewsCut', { shown: String(reviews), count: reviewsTotal })}
            </Link>
          }
        />
      )}
      {data?.casesCut && (
        <Alert
          style={{ marginBottom: 16 }}
          type="warning"
          showIcon
          data-testid="inbox-cases-cut"
          title={t('cases.inbox.casesCut', { count: inboxLimit })}
        />
      )}
      <Table<InboxItem>
        data-testid="inbox-table"
        rowKey={keyOf}
        loading={isLoading}
        dataSource={items}
        pagination={items.length > 50 ? { pageSize: 50, showSizeChanger: false } : false}
        scroll={{ x: 900 }}
        rowClassName={(item) => (item.isOverdue ? 'bf-row-overdue' : '')}
        locale={{
          emptyText: (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('cases.inbox.empty')} />
          ),
        }}
        columns={[
          {
            title: t('cases.inbox.headName'),
            dataIndex: 'headName',
            render: (name: string, item) => (
              <Link to={`/households/${item.householdId}`}>{name}</Link>
            ),
          },
          { title: t('cases.inbox.node'), dataIndex: 'nodeName' },
          {
            title: t('cases.inbox.step'),
            key: 'step',
            render: (_, item) =>
              item.kind === 'review' ? (
                <Space size={4} wrap>
                  <Tag color="blue">{t('reviews.title')}</Tag>
                  <Link
                    to={`/reviews/${item.round.id}`}
                    title={`${t('reviews.period')} ${item.round.periodStart} ~ ${item.round.periodEnd}`}
                  >
                    {item.round.name}
                  </Link>
                  {item.inSample && <Tag color="purple">{t('reviews.inSample')}</Tag>}
                  {item.needsReapplication && <Tag color="orange">{t('reviews.reapply')}</Tag>}
                </Space>
              ) : (
                <Space size={4} wrap>
                  {item.status === 'in_review' ? (
                    labels.step(item.step)
                  ) : (
                    <Tag color={caseStatusColors[item.status]}>{labels.status(item.status)}</Tag>
                  )}
                  {item.status === 'returned' && (
                    <Typography.Text type="secondary">{labels.step(item.step)}</Typography.Text>
                  )}
                </Space>
              ),
          },
          {
            title: t('cases.inbox.since'),
            dataIndex: 'stepSince',
            render: (v: string) => (
              <span title={dayjs(v).format('YYYY-MM-DD HH:mm')}>
                {dayjs(v).format('YYYY-MM-DD')}
              </span>
            ),
          },
          {
            title: t('cases.inbox.dueOn'),
            key: 'dueOn',
            render: (_, item) =>
              item.dueOn ? (
                <Space size={4}>
                  <Typography.Text type={item.isOverdue ? 'danger' : undefined}>
                    {item.dueOn}
                  </Typography.Text>
                  {item.isOverdue && <Tag color="error">{t('cases.overdue')}</Tag>}
                </Space>
              ) : (
                '—'
              ),
          },
          {
            title: t('cases.inbox.actions'),
            key: 'actions',
            render: (_, item) =>
              item.kind === 'review' ? (
                <Button
                  size="small"
                  type="primary"
                  data-testid="inbox-review-open"
                  onClick={() => setReviewTaskId(item.taskId)}
                >
                  {t('cases.inbox.doReview')}
                </Button>
              ) : (
                <Space size={4} wrap>
                  {item.actions.map((action) => (
                    <Button
                      key={action}
                      size="small"
                      type={
                        action === 'pass' || action === 'submit' || action === 'resubmit'
                          ? 'primary'
                          : 'default'
                      }
                      danger={action === 'reject' || action === 'withdraw'}
                      onClick={() => setActing({ item, action })}
                    >
                      {labels.action(action)}
                    </Button>
                  ))}
                </Space>
              ),
          },
        ]}
      />
      {reviewTaskId !== null && (
        <ReviewTaskDrawer
          taskId={reviewTaskId}
          onClose={() => setReviewTaskId(null)}
          onDone={() => {
            setReviewTaskId(null);
            refresh();
          }}
        />
      )}
      {acting && (
        <CaseActionModal
          view={acting.item}
          action={acting.action}
          onClose={() => setActing(null)}
          onMoved={refresh}
          onDone={() => {
            setActing(null);
            refresh();
          }}
        />
      )}
    </Card>
  );
}
