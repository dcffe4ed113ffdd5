import { useEffect } from 'react';
import { Alert, Button } from 'antd';
import { LogoutOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useMe, useSession } from '../../session/session';
import { BrandMark } from '../../components/brand';
import { LangSwitch } from '../../components/lang-switch';
import { ChangePasswordForm } from './change-password-form';

/** Shown instead of every screen until the initial or reset password is changed. */
export function ForcedPasswordPage() {
  const { t } = useTranslation();
  const me = useMe();
  const { reload, signOut } = useSession();

  useEffect(() => {
    document.title = `${t('password.forcedTitle')} - ${t('app.title')}`;
  }, [t]);

  return (
    <div className="bf-login bf-forced">
      <div className="bf-login-top">
        <div className="bf-login-brand">
          <BrandMark size={40} />
          <span className="bf-login-brand-name">{t('app.name')}</span>
          <span className="bf-login-brand-full">{t('app.fullName')}</span>
        </div>
        <LangSwitch className="bf-login-lang" />
      </div>
      <div className="bf-login-body bf-forced-body">
        <div className="bf-login-card bf-forced-card">
          <h2>
            <SafetyCertificateOutlined className="bf-forced-icon" /> {t('password.forcedTitle')}
          </h2>
          <p className="bf-login-welcome">
            {t('password.signedInAs', { name: me.displayName, username: me.username })} ·{' '}
            {me.node.name}
          </p>
          <Alert
            type="warning"
            showIcon
            title={t('password.forcedHint')}
            className="bf-login-alert"
          />
          <ChangePasswordForm username={me.username} onDone={reload} submitBlock />
          <Button
            type="link"
            icon={<LogoutOutlined />}
            className="bf-forced-logout"
            onClick={() => void signOut()}
          >
            {t('header.logout')}
          </Button>
        </div>
      </div>
      <div className="bf-login-footer">
        {t('app.copyright', { year: String(new Date().getFullYear()) })}
      </div>
    </div>
  );
}
