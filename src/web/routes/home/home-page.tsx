import { useMemo } from 'react';
import type { ReactNode } from 'react';
import { Button, Card, Col, Empty, Row, Space, Statistic, Tag, Timeline, Tooltip } from 'antd';
import {
  ApartmentOutlined,
  AuditOutlined,
  BankOutlined,
  ClusterOutlined,
  FolderOpenOutlined,
  InfoCircleOutlined,
  ShopOutlined,
  TeamOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import dayjs from 'dayjs';
import { allowedChildTypes, orgNodeTypes, type OrgNodeType } from '../../../shared/orgs/org-node';
import { api } from '../../api/client';
import type { AuditItem, NetworkFigures, Page } from '../../api/types';
import { useLoad } from '../../api/use-load';
import { useLabels } from '../../i18n';
import { useCan, useMe } from '../../session/session';
import { palette } from '../../theme';
import { TypeBarChart, TypePieChart, type Slice } from './network-charts';
import { HouseholdFiguresRow } from './household-figures';

export const typeColors: Record<OrgNodeType, string> = {
  national: '#8c1016',
  province: '#b3191f',
  city: '#cf4a2f',
  county: '#e0873a',
  town: '#e3b559',
  grassroots: '#1f4e99',
  service_centre: '#3b7dd8',
  service_station: '#6cb0de',
};

/** The node's own type and every type that can appear below it. */
function typesBelow(type: OrgNodeType): OrgNodeType[] {
  const found = new Set<OrgNodeType>([type]);
  const queue = [type];
  while (queue.length) {
    for (const child of allowedChildTypes[queue.shift()!]) {
      if (!found.has(child)) {
        found.add(child);
        queue.push(child);
      }
    }
  }
  return orgNodeTypes.filter((t) => found.has(t));
}

function StatCard(props: {
  title: string;
  value: number | undefined;
  icon: ReactNode;
  color: string;
  hint?: string;
}) {
  return (
    <Card className="bf-stat-card" loading={props.value === undefined}>
      <div className="bf-stat-icon" style={{ background: `${props.color}14`, color: props.color }}>
        {props.icon}
      </div>
      <Statistic
        title={
          props.hint ? (
            <Tooltip title={props.hint}>
              <span>
                {props.title} <InfoCircleOutlined className="bf-muted" />
              </span>
            </Tooltip>
          ) : (
            props.title
          )
        }
        value={props.value ?? 0}
        styles={{ content: { color: '#1f2329', fontWeight: 600 } }}
      />
    </Card>
  );
}

export default function HomePage() {
  const { t } = useTranslation();
  const me = useMe();
  const can = useCan();
  const labels = useLabels();
  const navigate = useNavigate();

  const figures = useLoad(
    () =>
      can('org.read')
        ? api.get<NetworkFigures>(`/api/orgs/${me.node.id}/figures`)
        : Promise.resolve<NetworkFigures>({}),
    [me.node.id],
  );
  const recent = useLoad(
    () =>
      can('audit.read')
        ? api.get<Page<AuditItem>>('/api/audit', { userId: me.userId, limit: 6 })
        : Promise.resolve(null),
    [me.userId],
  );

  const types = useMemo(() => typesBelow(me.node.type), [me.node.type]);
  const data = figures.data;
  const count = (...of: OrgNodeType[]) =>
    data ? of.reduce((sum, type) => sum + (data[type] ?? 0), 0) : undefined;
  const slices: Slice[] = types.map((type) => ({
    name: t(`home.shortType.${type}`),
    value: data?.[type] ?? 0,
    color: typeColors[type],
  }));

  const hour = new Date().getHours();
  const greeting = t(hour < 12 ? 'home.morning' : hour < 18 ? 'home.afternoon' : 'home.evening');
  const shortcuts = [
    {
      path: '/households',
      label: t('nav.households'),
      icon: <FolderOpenOutlined />,
      ok: can('household.read'),
    },
    { path: '/orgs', label: t('nav.orgs'), icon: <ApartmentOutlined />, ok: can('org.read') },
    { path: '/users', label: t('nav.users'), icon: <TeamOutlined />, ok: can('user.read') },
    { path: '/audit', label: t('nav.audit'), icon: <AuditOutlined />, ok: can('audit.read') },
    { path: '/account', label: t('nav.account'), icon: <UserOutlined />, ok: true },
  ].filter((s) => s.ok);

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card className="bf-welcome">
        <Row align="middle" gutter={24} wrap={false}>
          <Col flex="auto" style={{ minWidth: 0 }}>
            <h2 data-testid="welcome">{t('home.welcome', { greeting, name: me.displayName })}</h2>
            <div className="bf-muted">
              {t('home.today', { date: dayjs().format(t('home.dateFormat')) })}
            </div>
            <Space wrap size={[8, 8]} style={{ marginTop: 12 }}>
              <span className="bf-muted">
                {t('home.node')}
                {t('common.colon')}
              </span>
              <strong>{me.node.name}</strong>
              <Tag color="red" variant="outlined">
                {labels.orgType(me.node.type)}
              </Tag>
              <span className="bf-muted" style={{ marginLeft: 12 }}>
                {t('home.roles')}
                {t('common.colon')}
              </span>
              {me.roles.map((role) => (
                <Tag key={role} color="blue">
                  {labels.role(role)}
                </Tag>
              ))}
            </Space>
          </Col>
          <Col flex="none" className="bf-shortcuts">
            <div className="bf-muted" style={{ marginBottom: 8 }}>
              {t('home.quick')}
            </div>
            <Space wrap>
              {shortcuts.map((s) => (
                <Button key={s.path} icon={s.icon} onClick={() => void navigate(s.path)}>
                  {s.label}
                </Button>
              ))}
            </Space>
          </Col>
        </Row>
      </Card>

      {can('household.read') && <HouseholdFiguresRow nodeId={me.node.id} />}

      <Row gutter={[16, 16]}>
        <Col xs={24} sm={12} xl={6}>
          <StatCard
            title={t('home.total')}
            value={count(...orgNodeTypes)}
            icon={<ClusterOutlined />}
            color={palette.red}
          />
        </Col>
        <Col xs={24} sm={12} xl={6}>
          <StatCard
            title={t('home.federations')}
            value={count('national', 'province', 'city', 'county', 'town')}
            icon={<BankOutlined />}
            color="#d46b08"
          />
        </Col>
        <Col xs={24} sm={12} xl={6}>
          <StatCard
            title={t('home.grassroots')}
            value={count('grassroots')}
            icon={<TeamOutlined />}
            color={palette.blue}
          />
        </Col>
        <Col xs={24} sm={12} xl={6}>
          <StatCard
            title={t('home.positions')}
            value={count('service_centre', 'service_station')}
            icon={<ShopOutlined />}
            color="#08979c"
            hint={t('home.positionsHint')}
          />
        </Col>
      </Row>

      <Row gutter={[16, 16]}>
        <Col xs={24} xl={14}>
          <Card
            title={t('home.chartByType')}
            extra={
              <span className="bf-muted">{t('home.networkSubtitle', { node: me.node.name })}</span>
            }
            loading={figures.isLoading && !data}
          >
            <TypeBarChart slices={slices} />
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          <Card title={t('home.chartShare')} loading={figures.isLoading && !data}>
            {slices.some((s) => s.value > 0) ? (
              <TypePieChart slices={slices} />
            ) : (
              <Empty description={t('home.noFigures')} style={{ height: 268, paddingTop: 80 }} />
            )}
          </Card>
        </Col>
      </Row>

      <Row gutter={[16, 16]}>
        <Col xs={24} xl={14}>
          <Card title={t('home.tipsTitle')} style={{ height: '100%' }}>
            <ol className="bf-tips">
              <li>{t('home.tip1')}</li>
              <li>{t('home.tip2')}</li>
              <li>{t('home.tip3')}</li>
              <li>{t('home.tip4')}</li>
            </ol>
          </Card>
        </Col>
        {can('audit.read') && (
          <Col xs={24} xl={10}>
            <Card
              style={{ height: '100%' }}
              title={t('home.recent')}
              loading={recent.isLoading && !recent.data}
              extra={
                <Button type="link" size="small" onClick={() => void navigate('/audit')}>
                  {t('common.more')}
                </Button>
              }
            >
              {recent.data?.items.length ? (
                <Timeline
                  items={recent.data.items.map((item) => ({
                    key: item.id,
                    color: item.action.endsWith('failed') ? 'red' : 'blue',
                    content: (
                      <div>
                        <div>
                          {labels.action(item.action)}
                          {item.nodeName && <span className="bf-muted"> · {item.nodeName}</span>}
                        </div>
                        <div className="bf-muted" style={{ fontSize: 12 }}>
                          {dayjs(item.at).format('YYYY-MM-DD HH:mm:ss')}
                        </div>
                      </div>
                    ),
                  }))}
                />
              ) : (
                <Empty description={t('home.noRecent')} image={Empty.PRESENTED_IMAGE_SIMPLE} />
              )}
            </Card>
          </Col>
        )}
      </Row>
    </Space>
  );
}
