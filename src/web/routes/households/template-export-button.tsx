import { App, Button, Typography } from 'antd';
import { FileExcelOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api, withQuery } from '../../api/client';
import { useReportError } from '../../api/use-report-error';
import { useCan } from '../../session/session';
import type { HouseholdFilter } from './households-api';

/** The most files one export holds (the server's templateExportLimit). */
const templateExportLimit = 5000;

/**
 * 按导入模板导出: the current list (its filters) or one file as a workbook in the
 * import template's format, every value in clear — shown only with
 * household.reveal, after a dialog saying so and that the export is logged.
 */
export function TemplateExportButton(
  props: { filter: HouseholdFilter; householdId?: never } | { householdId: number; filter?: never },
) {
  const { t } = useTranslation();
  const can = useCan();
  const { modal } = App.useApp();
  const report = useReportError();
  if (!can('household.reveal')) return null;

  const download = async () => {
    try {
      if (props.householdId !== undefined)
        await api.download(
          `/api/households/${props.householdId}/template-export`,
          'household-template.xlsx',
        );
      else
        await api.download(
          withQuery('/api/households/template-export', props.filter),
          'households-template.xlsx',
        );
    } catch (error) {
      report(error);
    }
  };

  const confirm = () =>
    modal.confirm({
      title: t('templateExport.title'),
      width: 520,
      content: (
        <>
          <Typography.Paragraph>
            {props.householdId !== undefined
              ? t('templateExport.oneFile')
              : t('templateExport.list', { limit: String(templateExportLimit) })}
          </Typography.Paragraph>
          <Typography.Paragraph>{t('templateExport.format')}</Typography.Paragraph>
          <Typography.Paragraph type="danger" data-testid="template-export-warning">
            {t('templateExport.warning')}
          </Typography.Paragraph>
        </>
      ),
      okText: t('templateExport.ok'),
      onOk: download,
    });

  return (
    <Button icon={<FileExcelOutlined />} onClick={confirm} data-testid="template-export">
      {t('templateExport.button')}
    </Button>
  );
}
