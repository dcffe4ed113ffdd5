import i18n from 'i18next';
import { initReactI18next, useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import type { Locale as AntdLocale } from 'antd/es/locale';
import antdZhCN from 'antd/locale/zh_CN';
import antdEnUS from 'antd/locale/en_US';
import type { AuditAction, AuditEntityType } from '../../shared/audit/audit-event';
import type { OrgNodeType } from '../../shared/orgs/org-node';
import type { Permission, Role } from '../../shared/permissions';
import { zhCN, type Messages } from './zh-CN';
import { enUS } from './en-US';

export const locales = ['zh-CN', 'en-US'] as const;
export type Locale = (typeof locales)[number];

const storageKey = 'bangfu.locale';
const messages: Record<Locale, Messages> = { 'zh-CN': zhCN, 'en-US': enUS };
const antdLocales: Record<Locale, AntdLocale> = { 'zh-CN': antdZhCN, 'en-US': antdEnUS };
const dayjsLocales: Record<Locale, string> = { 'zh-CN': 'zh-cn', 'en-US': 'en' };

function isLocale(value: unknown): value is Locale {
  return (locales as readonly unknown[]).includes(value);
}

/** The saved choice, else Chinese: the product speaks Chinese unless asked not to. */
function savedLocale(): Locale {
  try {
    const value = localStorage.getItem(storageKey);
    return isLocale(value) ? value : 'zh-CN';
  } catch {
    return 'zh-CN';
  }
}

export function initI18n(): Locale {
  const locale = savedLocale();
  void i18n.use(initReactI18next).init({
    resources: {
      'zh-CN': { translation: zhCN },
      'en-US': { translation: enUS },
    },
    lng: locale,
    fallbackLng: 'zh-CN',
    interpolation: { escapeValue: false },
  });
  dayjs.locale(dayjsLocales[locale]);
  document.documentElement.lang = locale;
  return locale;
}

/** Switches the language everywhere (texts, antd, dayjs) and remembers the choice. */
export function changeLocale(locale: Locale): void {
  try {
    localStorage.setItem(storageKey, locale);
  } catch {
    // Private mode: the choice lasts for this page only.
  }
  dayjs.locale(dayjsLocales[locale]);
  document.documentElement.lang = locale;
  void i18n.changeLanguage(locale);
}

export function useLocale(): Locale {
  const { i18n: instance } = useTranslation();
  return isLocale(instance.language) ? instance.language : 'zh-CN';
}

export function antdLocaleOf(locale: Locale): AntdLocale {
  return antdLocales[locale];
}

/** Labels of the domain's codes (node types, roles, audit actions …) in the current language. */
export function useLabels() {
  const m = messages[useLocale()];
  return {
    orgType: (type: OrgNodeType | string) => m.orgType[type as OrgNodeType] ?? type,
    role: (role: Role | string) => m.role[role as Role] ?? role,
    action: (action: AuditAction | string) => m.action[action as AuditAction] ?? action,
    entityType: (type: AuditEntityType | string) => m.entityType[type as AuditEntityType] ?? type,
    permission: (p: Permission) => m.permission[p],
    auditField: (field: string) => (m.auditField as Record<string, string>)[field] ?? field,
    auditValue: (value: string) => (m.auditValue as Record<string, string>)[value],
  };
}
export type Labels = ReturnType<typeof useLabels>;

// Typed keys for t(): a misspelt key fails the type check.
// Module augmentation needs an interface.
/* eslint-disable @typescript-eslint/consistent-type-definitions */
declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof zhCN };
  }
}
/* eslint-enable @typescript-eslint/consistent-type-definitions */
