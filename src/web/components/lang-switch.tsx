import { Dropdown } from 'antd';
import { GlobalOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { changeLocale, useLocale, type Locale } from '../i18n';

/** 中文 / English, remembered in the browser. */
export function LangSwitch({ className }: { className?: string }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const names: Record<Locale, string> = { 'zh-CN': t('lang.zh'), 'en-US': t('lang.en') };
  return (
    <Dropdown
      menu={{
        selectable: true,
        selectedKeys: [locale],
        items: (Object.keys(names) as Locale[]).map((key) => ({ key, label: names[key] })),
        onClick: ({ key }) => changeLocale(key as Locale),
      }}
    >
      <span
        className={className}
        role="button"
        aria-label={t('lang.label')}
        data-testid="lang-switch"
      >
        <GlobalOutlined /> {names[locale]}
      </span>
    </Dropdown>
  );
}
