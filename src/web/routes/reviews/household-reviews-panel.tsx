import { useState } from 'react';
import { Card, Space, Table, Tag } from 'antd';
import dayjs from 'dayjs';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { HouseholdReviewItem, ReviewTaskStatus } from '../../../shared/reviews/review-round';
import { useLoad } from '../../api/use-load';
import { ReviewTaskDrawer } from './review-task-drawer';
import { reviewsApi, taskStatusColors, useReviewLabels } from './reviews-api';

/**
 * The file's annual reviews (年度复核) on its page: one row per round that
 * holds it; a pending task opens in the review drawer. Shows nothing for a file
 * that was never in a round.
 */
export function HouseholdReviewsPanel({
  householdId,
  onChanged,
}: {
  householdId: number;
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  const labels = useReviewLabels();
  const [taskId, setTaskId] = useState<number | null>(null);
  const { data, reload } = useLoad(() => reviewsApi.ofHousehold(householdId), [householdId]);
  if (!data || data.length === 0) return null;

  return (
    <Card size="small" title={t('reviews.filePanel')} data-testid="household-reviews">
      <Table<HouseholdReviewItem>
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={data}
        onRow={(task) => ({ onClick: () => setTaskId(task.id), style: { cursor: 'pointer' } })}
        columns={[
          {
            title: t('reviews.round'),
            key: 'round',
            render: (_, task) => (
              <Link to={`/reviews/${task.round.id}`} onClick={(e) => e.stopPropagation()}>
                {task.round.name}
              </Link>
            ),
          },
          {
            title: t('reviews.period'),
            key: 'period',
            render: (_, task) => `${task.round.periodStart} ~ ${task.round.periodEnd}`,
          },
          {
            title: t('reviews.flags'),
            key: 'flags',
            render: (_, task) => (
              <Space size={4}>
                {task.inSample && <Tag color="purple">{t('reviews.inSample')}</Tag>}
                {task.needsReapplication && <Tag color="orange">{t('reviews.reapply')}</Tag>}
              </Space>
            ),
          },
          {
            title: t('reviews.status'),
            dataIndex: 'status',
            // A task left pending when its round closed was not reviewed in that round.
            render: (s: ReviewTaskStatus, task) =>
              s === 'pending' && task.round.status === 'closed' ? (
                <Tag>{t('reviews.roundStatus.closed')}</Tag>
              ) : (
                <Tag color={taskStatusColors[s]}>{labels.taskStatus(s)}</Tag>
              ),
          },
          {
            title: t('reviews.doneBy'),
            key: 'doneBy',
            render: (_, task) =>
              task.doneAt
                ? `${dayjs(task.doneAt).format('YYYY-MM-DD')} · ${task.doneBy ?? ''}`
                : '—',
          },
        ]}
      />
      {taskId !== null && (
        <ReviewTaskDrawer
          taskId={taskId}
          onClose={() => setTaskId(null)}
          onDone={() => {
            setTaskId(null);
            void reload();
            onChanged();
          }}
        />
      )}
    </Card>
  );
}
