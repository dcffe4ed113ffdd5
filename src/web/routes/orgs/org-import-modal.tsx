import { useState } from 'react';
import { Alert, App, Button, Modal, Space, Steps, Table, Tabs, Tag, Upload } from 'antd';
import { DownloadOutlined, FileExcelOutlined, SafetyOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { ApiError, api } from '../../api/client';
import type { OrgImportResult } from '../../api/types';
import { useReportError } from '../../api/use-report-error';
import { useLabels } from '../../i18n';

type ImportError = OrgImportResult['errors'][number];

/**
 * 批量导入: download the template, upload a filled sheet for a dry run
 * (mode=validate), read the problems per row and column, then commit the same file.
 */
export function OrgImportModal(props: {
  open: boolean;
  onClose: () => void;
  onImported: () => void;
}) {
  const { t } = useTranslation();
  const labels = useLabels();
  const report = useReportError();
  const { message } = App.useApp();
  const [file, setFile] = useState<File | null>(null);
  const [result, setResult] = useState<OrgImportResult | null>(null);
  const [isBusy, setBusy] = useState(false);
  const [isMissing, setMissing] = useState(false);

  const reset = () => {
    setFile(null);
    setResult(null);
    setMissing(false);
  };

  const handle = (error: unknown) => {
    if (error instanceof ApiError && error.status === 404 && !error.details.reason) {
      setMissing(true);
      return;
    }
    // A commit refused for problems found meanwhile answers with the same list.
    const errors = error instanceof ApiError ? error.details.errors : undefined;
    if (Array.isArray(errors) && result) {
      setResult({ ...result, errors: errors as ImportError[] });
      return;
    }
    report(error);
  };

  const download = async () => {
    try {
      await api.download('/api/orgs/import-template', 'org-import-template.xlsx');
    } catch (error) {
      handle(error);
    }
  };

  const run = async (mode: 'validate' | 'commit') => {
    if (!file) return;
    setBusy(true);
    try {
      const answer = await api.upload<OrgImportResult>('/api/orgs/import', file, { mode });
      if (mode === 'validate') setResult(answer);
      else {
        void message.success(t('orgImport.done', { count: answer.created }));
        props.onImported();
        reset();
        props.onClose();
      }
    } catch (error) {
      handle(error);
    } finally {
      setBusy(false);
    }
  };

  const isValid = result !== null && result.errors.length === 0 && result.rows > 0;
  const step = result ? (isValid ? 2 : 1) : file ? 1 : 0;

  return (
    <Modal
      open={props.open}
      title={t('orgImport.title')}
      width={880}
      onCancel={() => {
        reset();
        props.onClose();
      }}
      mask={{ closable: false }}
      destroyOnHidden
      footer={
        <Space>
          <Button
            onClick={() => {
              reset();
              props.onClose();
            }}
          >
            {t('common.close')}
          </Button>
          <Button
            type="primary"
            disabled={!isValid}
            loading={isBusy}
            onClick={() => void run('commit')}
          >
            {t('orgImport.commit', { count: result?.rows ?? 0 })}
          </Button>
        </Space>
      }
    >
      {isMissing && (
        <Alert
          type="warning"
          showIcon
          title={t('orgImport.notAvailable')}
          style={{ marginBottom: 16 }}
        />
      )}
      <Steps
        size="small"
        current={step}
        style={{ margin: '16px 0 24px' }}
        items={[
          { title: t('orgImport.step1'), content: t('orgImport.step1Hint') },
          { title: t('orgImport.step2'), content: t('orgImport.step2Hint') },
          { title: t('orgImport.step3'), content: t('orgImport.step3Hint') },
        ]}
      />
      <Space wrap style={{ marginBottom: 16 }}>
        <Button icon={<DownloadOutlined />} onClick={() => void download()}>
          {t('orgImport.download')}
        </Button>
        <Upload
          accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          maxCount={1}
          showUploadList={false}
          beforeUpload={(chosen) => {
            if (!chosen.name.toLowerCase().endsWith('.xlsx')) {
              void message.error(t('orgImport.onlyXlsx'));
              return Upload.LIST_IGNORE;
            }
            setFile(chosen);
            setResult(null);
            return false;
          }}
        >
          <Button icon={<FileExcelOutlined />}>{t('orgImport.choose')}</Button>
        </Upload>
        <Button
          type="primary"
          ghost
          icon={<SafetyOutlined />}
          disabled={!file}
          loading={isBusy}
          onClick={() => void run('validate')}
        >
          {t('orgImport.validate')}
        </Button>
        {file && (
          <Tag
            icon={<FileExcelOutlined />}
            color="green"
            closable
            onClose={() => reset()}
            className="bf-file-tag"
          >
            {file.name}
          </Tag>
        )}
      </Space>
      {result && (
        <>
          <Alert
            type={isValid ? 'success' : 'error'}
            showIcon
            title={
              isValid
                ? t('orgImport.ok')
                : t('orgImport.hasErrors', { count: result.errors.length })
            }
            description={t('orgImport.rows', { count: result.rows })}
            style={{ marginBottom: 12 }}
          />
          <Tabs
            defaultActiveKey={result.errors.length ? 'errors' : 'preview'}
            items={[
              {
                key: 'errors',
                label: `${t('orgImport.errors')} (${result.errors.length})`,
                children: (
                  <Table<ImportError>
                    size="small"
                    rowKey={(e) => `${e.row}-${e.column}-${e.message}`}
                    dataSource={result.errors}
                    pagination={{ pageSize: 8, hideOnSinglePage: true }}
                    columns={[
                      { title: t('orgImport.row'), dataIndex: 'row', width: 70 },
                      { title: t('orgImport.column'), dataIndex: 'column', width: 140 },
                      { title: t('orgImport.message'), dataIndex: 'message' },
                    ]}
                  />
                ),
              },
              {
                key: 'preview',
                label: `${t('orgImport.preview')} (${result.preview.length})`,
                children: (
                  <Table
                    size="small"
                    rowKey="row"
                    dataSource={result.preview}
                    pagination={{ pageSize: 8, hideOnSinglePage: true }}
                    columns={[
                      { title: t('orgImport.row'), dataIndex: 'row', width: 70 },
                      { title: t('orgs.code'), dataIndex: 'code' },
                      { title: t('orgs.name'), dataIndex: 'name' },
                      {
                        title: t('orgs.type'),
                        dataIndex: 'type',
                        render: (v: string | null) => (v ? labels.orgType(v) : t('common.none')),
                      },
                      { title: t('orgImport.parentCode'), dataIndex: 'parentCode' },
                      {
                        title: t('orgs.regionCode'),
                        dataIndex: 'regionCode',
                        render: (v: string | null) => v ?? t('common.none'),
                      },
                    ]}
                  />
                ),
              },
            ]}
          />
        </>
      )}
    </Modal>
  );
}
