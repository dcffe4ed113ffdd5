import { useTranslation } from 'react-i18next';
import { Steps } from 'antd';

/** The steps of an application after its file is filled in (step 0 is the form itself). */
export const applicationSteps = ['file', 'documents', 'assessment', 'submit'] as const;
export type ApplicationStep = (typeof applicationSteps)[number];

/** The step bar the form (step 0) and the wizard (steps 1–3) share. */
export function ApplicationSteps({ current }: { current: number }) {
  const { t } = useTranslation();
  return (
    <Steps
      size="small"
      current={current}
      data-testid="application-steps"
      items={applicationSteps.map((key) => ({ title: t(`application.steps.${key}`) }))}
    />
  );
}
