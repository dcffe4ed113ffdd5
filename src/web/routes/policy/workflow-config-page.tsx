import { useEffect, useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Descriptions,
  Form,
  Input,
  InputNumber,
  List,
  Popconfirm,
  Space,
  Steps,
  Tag,
  Typography,
} from 'antd';
import { ArrowDownOutlined, ArrowUpOutlined } from '@ant-design/icons';
import { useSearchParams } from 'react-router';
import {
  configurableSteps,
  registrationStepLabels,
  stepSequence,
  type ConfigurableStep,
  type WorkflowConfig,
} from '../../../shared/cases/registration';
import type { WorkflowConfigView } from '../../../shared/workflow-configs/workflow-config';
import { api } from '../../api/client';
import { useLoad } from '../../api/use-load';
import { useReportError } from '../../api/use-report-error';
import { RegionCascader } from '../../components/region-cascader';
import { useLocale } from '../../i18n';
import { useNoticeCardsText } from '../notices/use-notice-cards-text';

const workflowApi = {
  get: (regionCode: string) => api.get<WorkflowConfigView>(`/api/workflow-configs/${regionCode}`),
  save: (regionCode: string, config: WorkflowConfig, version: number | null) =>
    api.put<WorkflowConfigView>(`/api/workflow-configs/${regionCode}`, { config, version }),
  remove: (regionCode: string, version: number) =>
    api.delete<WorkflowConfigView>(`/api/workflow-configs/${regionCode}?version=${version}`),
};

type MiddleStep = { step: ConfigurableStep; enabled: boolean };

/** The middle steps in the stored order, the disabled ones after them. */
function middleOf(config: WorkflowConfig): MiddleStep[] {
  return [
    ...config.middleSteps.map((step) => ({ step, enabled: true })),
    ...configurableSteps
      .filter((s) => !config.middleSteps.includes(s))
      .map((step) => ({ step, enabled: false })),
  ];
}

/** 建档流程设置: a region's steps, time limits and dynamic-management settings. */
export default function WorkflowConfigPage() {
  const w = useNoticeCardsText('workflow');
  const [params, setParams] = useSearchParams();
  const regionCode = params.get('region');
  const { data, setData } = useLoad(
    () => (regionCode ? workflowApi.get(regionCode) : Promise.resolve(undefined)),
    [regionCode],
  );
  return (
    <Card title={w('title')}>
      <Space orientation="vertical" size={16} style={{ width: '100%' }}>
        <Space wrap>
          <Typography.Text>{w('region')}</Typography.Text>
          <div style={{ width: 360 }} data-testid="workflow-region">
            <RegionCascader
              value={regionCode}
              onChange={(code) => setParams(code ? { region: code } : {})}
              placeholder={w('chooseRegion')}
            />
          </div>
        </Space>
        {data && (
          <WorkflowEditor
            key={`${data.regionCode}:${data.version}:${data.source}`}
            view={data}
            onSaved={setData}
          />
        )}
      </Space>
    </Card>
  );
}

function WorkflowEditor({
  view,
  onSaved,
}: {
  view: WorkflowConfigView;
  onSaved: (v: WorkflowConfigView) => void;
}) {
  const w = useNoticeCardsText('workflow');
  const lang = useLocale() === 'zh-CN' ? 'zh' : 'en';
  const { message } = App.useApp();
  const report = useReportError();
  const [form] = Form.useForm();
  const [middle, setMiddle] = useState<MiddleStep[]>(() => middleOf(view.config));
  const [isSaving, setSaving] = useState(false);
  const readOnly = !view.canEdit;

  useEffect(() => {
    const c = view.config;
    form.setFieldsValue({
      homeVisitDays: c.homeVisitDays,
      noticeWorkingDays: c.noticeWorkingDays,
      exitIncomeMonths: c.exitIncomeMonths,
      followUpMonths: c.followUpMonths.join(', '),
      reviewSampleShare: Math.round(c.reviewSampleShare * 100),
      reapplyAfterMonths: c.reapplyAfterMonths,
      relapseIncomeDropShare: Math.round(c.relapseIncomeDropShare * 100),
    });
  }, [view, form]);

  const draft: WorkflowConfig = {
    ...view.config,
    middleSteps: middle.filter((m) => m.enabled).map((m) => m.step),
  };
  const move = (i: number, by: -1 | 1) =>
    setMiddle((list) => {
      const next = [...list];
      const [item] = next.splice(i, 1);
      next.splice(i + by, 0, item!);
      return next;
    });

  const save = async () => {
    const v = await form.validateFields();
    const config: WorkflowConfig = {
      middleSteps: draft.middleSteps,
      homeVisitDays: v.homeVisitDays,
      noticeWorkingDays: v.noticeWorkingDays,
      exitIncomeMonths: v.exitIncomeMonths,
      followUpMonths: String(v.followUpMonths)
        .split(/[,，\s]+/)
        .filter(Boolean)
        .map(Number),
      reviewSampleShare: v.reviewSampleShare / 100,
      reapplyAfterMonths: v.reapplyAfterMonths,
      relapseIncomeDropShare: v.relapseIncomeDropShare / 100,
    };
    setSaving(true);
    try {
      onSaved(
        await workflowApi.save(
          view.regionCode,
          config,
          view.source === 'own' ? view.version : null,
        ),
      );
      void message.success(w('saved'));
    } catch (e) {
      report(e, { form });
    } finally {
      setSaving(false);
    }
  };

  const remove = async () => {
    try {
      onSaved(await workflowApi.remove(view.regionCode, view.version!));
      void message.success(w('removed'));
    } catch (e) {
      report(e);
    }
  };

  const sourceText = w(`sources.${view.source}`, {
    name: view.sourceRegionName ?? view.sourceRegionCode ?? '',
  });

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }} data-testid="workflow-editor">
      <Descriptions size="small" column={{ xs: 1, md: 2 }}>
        <Descriptions.Item label={w('region')}>
          {view.regionName ?? view.regionCode}（{view.regionCode}）
        </Descriptions.Item>
        <Descriptions.Item label={w('source')}>
          <Tag color={view.source === 'own' ? 'blue' : 'default'} data-testid="workflow-source">
            {sourceText}
          </Tag>
        </Descriptions.Item>
      </Descriptions>
      {readOnly && <Alert type="info" showIcon title={w('readOnly')} />}
      <Steps
        size="small"
        titlePlacement="vertical"
        current={-1}
        items={[
          ...stepSequence(draft).map((s) => ({ title: registrationStepLabels[s][lang] })),
          { title: w('registered') },
        ]}
      />
      <Card size="small" title={w('middleSteps')}>
        <List
          dataSource={middle}
          renderItem={(m, i) => (
            <List.Item
              actions={[
                <Button
                  key="up"
                  size="small"
                  icon={<ArrowUpOutlined />}
                  disabled={readOnly || i === 0}
                  onClick={() => move(i, -1)}
                  aria-label={w('moveUp')}
                />,
                <Button
                  key="down"
                  size="small"
                  icon={<ArrowDownOutlined />}
                  disabled={readOnly || i === middle.length - 1}
                  onClick={() => move(i, 1)}
                  aria-label={w('moveDown')}
                />,
              ]}
            >
              <Checkbox
                checked={m.enabled}
                disabled={readOnly}
                data-testid={`workflow-step-${m.step}`}
                onChange={(e) =>
                  setMiddle((list) =>
                    list.map((x, j) => (j === i ? { ...x, enabled: e.target.checked } : x)),
                  )
                }
              >
                {registrationStepLabels[m.step][lang]}
              </Checkbox>
            </List.Item>
          )}
        />
      </Card>
      <Form form={form} layout="vertical" disabled={readOnly}>
        <Typography.Title level={5}>{w('limits')}</Typography.Title>
        <Space wrap size={24}>
          <Form.Item name="homeVisitDays" label={w('homeVisitDays')} rules={[{ required: true }]}>
            <InputNumber min={1} max={60} />
          </Form.Item>
          <Form.Item
            name="noticeWorkingDays"
            label={w('noticeWorkingDays')}
            rules={[{ required: true }]}
          >
            <InputNumber min={1} max={30} data-testid="workflow-notice-days" />
          </Form.Item>
        </Space>
        <Typography.Title level={5}>{w('dynamic')}</Typography.Title>
        <Space wrap size={24}>
          <Form.Item
            name="exitIncomeMonths"
            label={w('exitIncomeMonths')}
            rules={[{ required: true }]}
          >
            <InputNumber min={1} max={24} />
          </Form.Item>
          <Form.Item
            name="followUpMonths"
            label={w('followUpMonths')}
            rules={[{ pattern: /^[\d,，\s]*$/ }]}
          >
            <Input style={{ width: 200 }} />
          </Form.Item>
          <Form.Item
            name="reviewSampleShare"
            label={w('reviewSampleShare')}
            rules={[{ required: true }]}
          >
            <InputNumber min={0} max={100} />
          </Form.Item>
          <Form.Item
            name="reapplyAfterMonths"
            label={w('reapplyAfterMonths')}
            rules={[{ required: true }]}
          >
            <InputNumber min={1} max={60} />
          </Form.Item>
          <Form.Item
            name="relapseIncomeDropShare"
            label={w('relapseIncomeDropShare')}
            rules={[{ required: true }]}
          >
            <InputNumber min={5} max={100} />
          </Form.Item>
        </Space>
      </Form>
      {!readOnly && (
        <Space>
          <Button
            type="primary"
            loading={isSaving}
            onClick={() => void save()}
            data-testid="workflow-save"
          >
            {w('save')}
          </Button>
          {view.source === 'own' && view.version !== null && (
            <Popconfirm title={w('removeConfirm')} onConfirm={() => void remove()}>
              <Button danger data-testid="workflow-remove">
                {w('remove')}
              </Button>
            </Popconfirm>
          )}
        </Space>
      )}
    </Space>
  );
}
