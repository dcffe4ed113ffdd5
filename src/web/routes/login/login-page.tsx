import { useEffect, useState } from 'react';
import { Alert, Button, Form, Input } from 'antd';
import {
  ApartmentOutlined,
  AuditOutlined,
  LockOutlined,
  SolutionOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Navigate, useSearchParams } from 'react-router';
import dayjs from 'dayjs';
import { loginSchema, type LoginInput } from '../../../shared/auth/password-policy';
import { ApiError, api } from '../../api/client';
import { useReportError } from '../../api/use-report-error';
import { parseForm, zodRule } from '../../forms/zod-form';
import { useSession } from '../../session/session';
import { BrandMark } from '../../components/brand';
import { LangSwitch } from '../../components/lang-switch';
import { FullPageSpin } from '../../components/status';

/** Only paths inside the app may follow a login: never another site. */
function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') ? next : '/';
}

export function LoginPage() {
  const { t } = useTranslation();
  const { state, reload } = useSession();
  const [params] = useSearchParams();
  const [form] = Form.useForm<LoginInput>();
  const report = useReportError();
  const [isSubmitting, setSubmitting] = useState(false);
  // Kept as the error itself, so the message follows a change of language.
  const [problem, setProblem] = useState<ApiError | null>(null);

  useEffect(() => {
    document.title = `${t('login.title')} - ${t('app.title')}`;
  }, [t]);

  if (state.status === 'loading') return <FullPageSpin />;
  if (state.status === 'ready') return <Navigate to={safeNext(params.get('next'))} replace />;

  const submit = async (values: LoginInput) => {
    const input = parseForm(form, loginSchema, values, t);
    if (!input) return;
    setSubmitting(true);
    setProblem(null);
    try {
      await api.post('/api/auth/login', input);
      await reload();
    } catch (error) {
      if (
        error instanceof ApiError &&
        (error.code === 'UNAUTHENTICATED' || error.code === 'RATE_LIMITED')
      ) {
        setProblem(error);
        form.setFieldValue('password', '');
      } else {
        report(error, { form });
      }
    } finally {
      setSubmitting(false);
    }
  };

  const loginProblem = (error: ApiError): string => {
    if (error.code === 'RATE_LIMITED') return t('login.rateLimited');
    const { reason, lockedUntil, remainingAttempts } = error.details;
    if (reason === 'locked' && typeof lockedUntil === 'string')
      return t('login.locked', { time: dayjs(lockedUntil).format('YYYY-MM-DD HH:mm') });
    if (typeof remainingAttempts === 'number' && remainingAttempts > 0)
      return t('login.remainingAttempts', { count: remainingAttempts });
    return t('login.badCredentials');
  };

  return (
    <div className="bf-login">
      <div className="bf-login-top">
        <div className="bf-login-brand">
          <BrandMark size={40} />
          <span className="bf-login-brand-name">{t('app.name')}</span>
          <span className="bf-login-brand-full">{t('app.fullName')}</span>
        </div>
        <LangSwitch className="bf-login-lang" />
      </div>
      <div className="bf-login-body">
        <div className="bf-login-intro">
          <h1>{t('app.fullName')}</h1>
          <p className="bf-login-slogan">{t('app.slogan')}</p>
          <ul>
            <li>
              <ApartmentOutlined /> {t('login.featureNetwork')}
            </li>
            <li>
              <SolutionOutlined /> {t('login.featureFile')}
            </li>
            <li>
              <AuditOutlined /> {t('login.featureAudit')}
            </li>
          </ul>
        </div>
        <div className="bf-login-card">
          <h2>{t('login.title')}</h2>
          <p className="bf-login-welcome">
            {t('login.welcome')} · {t('app.title')}
          </p>
          {problem && (
            <Alert
              type="error"
              showIcon
              title={loginProblem(problem)}
              className="bf-login-alert"
              data-testid="login-error"
            />
          )}
          <Form
            form={form}
            layout="vertical"
            size="large"
            requiredMark={false}
            onFinish={(values) => void submit(values)}
          >
            <Form.Item
              name="username"
              label={t('login.username')}
              rules={[zodRule(loginSchema.shape.username, t)]}
            >
              <Input
                prefix={<UserOutlined />}
                placeholder={t('login.usernamePlaceholder')}
                autoComplete="username"
                autoFocus
              />
            </Form.Item>
            <Form.Item
              name="password"
              label={t('login.password')}
              rules={[zodRule(loginSchema.shape.password, t)]}
            >
              <Input.Password
                prefix={<LockOutlined />}
                placeholder={t('login.passwordPlaceholder')}
                autoComplete="current-password"
              />
            </Form.Item>
            <Button type="primary" htmlType="submit" block loading={isSubmitting}>
              {t('login.submit')}
            </Button>
          </Form>
          <p className="bf-login-hint">{t('login.hint')}</p>
        </div>
      </div>
      <div className="bf-login-footer">
        {t('app.copyright', { year: String(new Date().getFullYear()) })}
      </div>
    </div>
  );
}
