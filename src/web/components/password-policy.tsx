import { CheckCircleFilled, CloseCircleFilled, MinusCircleOutlined } from '@ant-design/icons';
import type { Rule } from 'antd/es/form';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { passwordMinLength, passwordProblems } from '../../shared/auth/password-policy';
import { translatePasswordProblem } from '../forms/issues';

/**
 * The password policy, checked as the user types by the very function the
 * server uses (passwordProblems), so the list and the server never disagree.
 */
export function PasswordPolicy({ password, username }: { password: string; username?: string }) {
  const { t } = useTranslation();
  const problems = password ? passwordProblems(password, username) : null;
  const rules: { key: string; text: string; failsWith: (p: string) => boolean }[] = [
    {
      key: 'length',
      text: t('password.ruleLength', { count: passwordMinLength }),
      failsWith: (p) => p.startsWith('at least') || p.startsWith('at most'),
    },
    { key: 'classes', text: t('password.ruleClasses'), failsWith: (p) => p.startsWith('three of') },
    ...(username
      ? [
          {
            key: 'username',
            text: t('password.ruleUsername'),
            failsWith: (p: string) => p.includes('login name'),
          },
        ]
      : []),
  ];
  return (
    <div className="bf-policy" aria-label={t('password.policyTitle')}>
      <div className="bf-policy-title">{t('password.policyTitle')}</div>
      {rules.map((rule) => {
        const state = problems === null ? 'idle' : problems.some(rule.failsWith) ? 'bad' : 'good';
        return (
          <div key={rule.key} className={`bf-policy-rule bf-policy-${state}`} data-state={state}>
            {state === 'good' ? (
              <CheckCircleFilled />
            ) : state === 'bad' ? (
              <CloseCircleFilled />
            ) : (
              <MinusCircleOutlined />
            )}
            <span>{rule.text}</span>
          </div>
        );
      })}
    </div>
  );
}

/** An antd rule: the whole policy, with the user name, in the current language. */
export function passwordPolicyRule(t: TFunction, username?: () => string | undefined): Rule {
  return {
    validator: async (_rule, value: unknown) => {
      if (typeof value !== 'string' || value === '') throw new Error(t('issue.required'));
      const problems = passwordProblems(value, username?.());
      if (problems.length)
        throw new Error(
          t('issue.passwordNeeds', {
            problems: problems
              .map((p) => translatePasswordProblem(p, t))
              .join(t('common.separator')),
          }),
        );
    },
  };
}

/** A random password that meets the policy, for an administrator to hand over. */
export function generatePassword(): string {
  const sets = ['ABCDEFGHJKLMNPQRSTUVWXYZ', 'abcdefghijkmnopqrstuvwxyz', '23456789', '!@#$%&*?'];
  const all = sets.join('');
  const pick = (chars: string) => {
    const n = crypto.getRandomValues(new Uint32Array(1))[0]!;
    return chars[n % chars.length]!;
  };
  for (;;) {
    const chars = [...sets.map(pick), ...Array.from({ length: 8 }, () => pick(all))];
    // Shuffle so the classes are not always in the same places.
    for (let i = chars.length - 1; i > 0; i--) {
      const j = crypto.getRandomValues(new Uint32Array(1))[0]! % (i + 1);
      [chars[i], chars[j]] = [chars[j]!, chars[i]!];
    }
    const password = chars.join('');
    if (passwordProblems(password).length === 0) return password;
  }
}
