import { Alert, Avatar, Card, Col, Descriptions, Row, Space, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { useLabels } from '../../i18n';
import { useMe, useSession } from '../../session/session';
import { ChangePasswordForm } from './change-password-form';

export default function AccountPage() {
  const { t } = useTranslation();
  const me = useMe();
  const labels = useLabels();
  const { reload } = useSession();

  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} xl={14}>
        <Card title={t('account.profile')}>
          <div className="bf-profile">
            <Avatar size={64} className="bf-avatar bf-profile-avatar">
              {me.displayName.slice(0, 1)}
            </Avatar>
            <div>
              <div className="bf-profile-name">{me.displayName}</div>
              <div className="bf-muted">
                {me.username} · {me.node.name}
              </div>
            </div>
          </div>
          <Descriptions
            bordered
            column={1}
            size="middle"
            styles={{ label: { width: 140 } }}
            items={[
              { key: 'username', label: t('account.username'), children: me.username },
              { key: 'displayName', label: t('account.displayName'), children: me.displayName },
              { key: 'node', label: t('account.node'), children: me.node.name },
              {
                key: 'nodeType',
                label: t('account.nodeType'),
                children: labels.orgType(me.node.type),
              },
              {
                key: 'roles',
                label: t('account.roles'),
                children: (
                  <Space wrap size={[4, 4]}>
                    {me.roles.map((role) => (
                      <Tag key={role} color="blue">
                        {labels.role(role)}
                      </Tag>
                    ))}
                  </Space>
                ),
              },
              {
                key: 'permissions',
                label: t('account.permissions'),
                children: (
                  <Space wrap size={[4, 4]}>
                    {me.permissions.map((p) => (
                      <Tag key={p}>{labels.permission(p)}</Tag>
                    ))}
                  </Space>
                ),
              },
            ]}
          />
        </Card>
      </Col>
      <Col xs={24} xl={10}>
        <Card title={t('account.changePassword')}>
          <Alert
            type="info"
            showIcon
            title={t('account.securityHint')}
            style={{ marginBottom: 16 }}
          />
          <ChangePasswordForm username={me.username} onDone={reload} />
        </Card>
      </Col>
    </Row>
  );
}
