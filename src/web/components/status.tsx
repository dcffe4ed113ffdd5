import { Button, Result, Spin } from 'antd';
import { useTranslation } from 'react-i18next';

export function FullPageSpin({ inline = false }: { inline?: boolean }) {
  const { t } = useTranslation();
  return (
    <div className={inline ? 'bf-spin-inline' : 'bf-spin-page'}>
      <Spin size="large" description={t('app.loading')} />
    </div>
  );
}

export function LoadFailed({ onRetry }: { onRetry: () => void }) {
  const { t } = useTranslation();
  return (
    <Result
      status="warning"
      title={t('error.network')}
      extra={
        <Button type="primary" onClick={onRetry}>
          {t('common.reload')}
        </Button>
      }
    />
  );
}
