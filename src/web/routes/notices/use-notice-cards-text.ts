import { useTranslation } from 'react-i18next';

/**
 * The words of the notice, card and workflow screens (i18n `noticeCards`),
 * by a key under one of its three parts: 'notices' | 'cards' | 'workflow'.
 */
export function useNoticeCardsText(part: 'notices' | 'cards' | 'workflow') {
  const { t } = useTranslation();
  const translate = t as unknown as (key: string, options?: Record<string, unknown>) => string;
  return (key: string, options?: Record<string, unknown>) =>
    translate(`noticeCards.${part}.${key}`, options);
}
