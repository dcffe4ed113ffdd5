import { useCallback } from 'react';
import { App, Typography } from 'antd';
import type { FormInstance } from 'antd/es/form';
import { useTranslation } from 'react-i18next';
import { assertNever } from '../../shared/errors';
import { applyApiErrorToForm } from '../forms/zod-form';
import { translateIssue } from '../forms/issues';
import { ApiError } from './client';

export type ReportOptions = {
  /** Field issues go onto this form's fields. */
  form?: FormInstance;
  /** Offered after a CONFLICT: reload the record and start again. */
  onReload?: () => void;
};

/**
 * Tells the user what went wrong, in their language, per error code. Every
 * screen uses it, so a given failure always reads the same way.
 */
export function useReportError() {
  const { message, modal } = App.useApp();
  const { t, i18n } = useTranslation();

  return useCallback(
    (error: unknown, options: ReportOptions = {}) => {
      if (!(error instanceof ApiError)) {
        console.error(error);
        void message.error(t('error.unexpected'));
        return;
      }
      if (error.isNetwork) {
        void message.error(t('error.network'));
        return;
      }
      if (options.form && applyApiErrorToForm(options.form, error, t)) return;
      const code = error.code;
      // The server's Chinese wording, when it has one, says it best (names the node to call …).
      const own = i18n.language === 'zh-CN' ? error.userMessage : undefined;
      switch (code) {
        case 'UNAUTHENTICATED':
          void message.warning(t('error.sessionExpired'));
          return;
        case 'FORBIDDEN': {
          const reason = error.details.reason;
          if (reason === 'csrf') void message.error(t('error.csrf'));
          else if (reason === 'password_change')
            void message.warning(t('error.mustChangePassword'));
          else if (reason === 'permission') void message.error(t('error.forbidden'));
          else void message.error(own ?? translateIssue(error.message, t));
          return;
        }
        case 'CONFLICT':
          if (error.details.constraint) {
            void message.error(t('error.duplicate'));
            return;
          }
          modal.warning({
            title: t('error.conflictTitle'),
            content: own ?? t('error.conflict'),
            okText: t('common.reload'),
            onOk: options.onReload,
          });
          return;
        case 'NOT_FOUND':
          void message.error(t('error.notFound'));
          return;
        case 'VALIDATION':
        case 'INVALID_STATE':
          void message.error(
            own ??
              (error.issues.length
                ? error.issues.map((i) => translateIssue(i.message, t)).join(t('common.separator'))
                : translateIssue(error.message, t)),
          );
          return;
        case 'RATE_LIMITED':
          void message.warning(t('error.rateLimited'));
          return;
        case 'INTERNAL':
          modal.error({
            title: t('error.internalTitle'),
            content: (
              <div>
                <p>{t('error.internal')}</p>
                <Typography.Text type="secondary">
                  {t('error.requestId')}
                  {t('common.colon')}
                </Typography.Text>
                <Typography.Text code copyable>
                  {error.requestId ?? '—'}
                </Typography.Text>
              </div>
            ),
          });
          return;
        default:
          assertNever(code, 'error code');
      }
    },
    [message, modal, t, i18n.language],
  );
}
