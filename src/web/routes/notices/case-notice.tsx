import { Alert, Button, Space, Tag } from 'antd';
import { Link } from 'react-router';
import { useLoad } from '../../api/use-load';
import { useCan } from '../../session/session';
import { noticesApi } from './notices-api';
import { periodStatusColors } from './notices-page';
import { useNoticeCardsText } from './use-notice-cards-text';

/**
 * 公示 on the case panel while the case stands at review_notice: the notice
 * the household is on (or a link to put it on one) and what still keeps the
 * step from being passed.
 */
export function CaseNotice({
  householdId,
  reloadKey,
}: {
  householdId: number;
  reloadKey?: unknown;
}) {
  const p = useNoticeCardsText('notices');
  const can = useCan();
  const { data } = useLoad(() => noticesApi.ofHousehold(householdId), [householdId, reloadKey]);
  if (!data) return null;
  const batches = (
    <Space size={8} wrap>
      {data.batches.map((b) => (
        <Space key={b.id} size={4}>
          <Link to={`/notices/${b.id}`} data-testid="case-notice-batch">
            {b.title}
          </Link>
          <span>
            {b.startsOn} ~ {b.endsOn}
          </span>
          <Tag color={periodStatusColors[b.periodStatus]}>
            {p(`periodStatus.${b.periodStatus}`)}
          </Tag>
        </Space>
      ))}
      {data.batches.length === 0 && can('household.manage') && (
        <Link to={`/notices?create&household=${householdId}`}>
          <Button size="small" type="primary" data-testid="case-notice-add">
            {p('caseAdd')}
          </Button>
        </Link>
      )}
    </Space>
  );
  return (
    <Alert
      data-testid="case-notice"
      type={data.refusal ? 'warning' : 'success'}
      showIcon
      title={
        <Space size={8} wrap>
          <strong>{p('caseTitle')}</strong>
          {data.refusalMessage ?? p('caseReady')}
        </Space>
      }
      description={batches}
    />
  );
}
