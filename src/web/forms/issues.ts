import type { TFunction } from 'i18next';
import { orgNodeTypeLabels, type OrgNodeType } from '../../shared/orgs/org-node';

/**
 * The shared schemas and the server speak English in their messages (they are
 * also read in logs and by the CLI). Here each known message becomes words for
 * the screen; an unknown one is shown as it is rather than hidden.
 */
type IssueKey =
  | 'required'
  | 'invalid'
  | 'minChars'
  | 'maxChars'
  | 'usernameFormat'
  | 'mobile'
  | 'atLeastOneRole'
  | 'orgCodeFormat'
  | 'sixDigits'
  | 'notRegion'
  | 'regionRequired'
  | 'pwMinLength'
  | 'pwMaxLength'
  | 'pwClasses'
  | 'pwUsername'
  | 'pwDiffer'
  | 'wrongPassword'
  | 'taken'
  | 'nodeDeactivated'
  | 'parentDeactivated'
  | 'cannotHang'
  | 'moveOwnNode'
  | 'moveUnderSelf'
  | 'alreadyUnder'
  | 'deactivateOwnNode'
  | 'activeChildren'
  | 'reactivateParent'
  | 'alreadyActive'
  | 'alreadyInactive'
  | 'roleNotHeld'
  | 'targetHoldsRole'
  | 'ownAccount'
  | 'uploadTooLarge';

type Loose = (key: string, options?: Record<string, string | number>) => string;

type Pattern = [RegExp, IssueKey, (m: RegExpExecArray) => Record<string, string | number>];

const noArgs = () => ({});
const count = (m: RegExpExecArray) => ({ count: Number(m[1]) });

const typeByLabel = new Map(
  Object.entries(orgNodeTypeLabels).map(([type, label]) => [label as string, type as OrgNodeType]),
);

const patterns: Pattern[] = [
  [/^required$/i, 'required', noArgs],
  [/^at least (\d+) characters?$/, 'minChars', count],
  [/^too small: expected string to have >=?(\d+) characters?$/i, 'minChars', count],
  [/^too big: expected string to have <=?(\d+) characters?$/i, 'maxChars', count],
  [/^lower-case letters, digits/, 'usernameFormat', noArgs],
  [/^11-digit mobile number$/, 'mobile', noArgs],
  [/^at least one role$/, 'atLeastOneRole', noArgs],
  [/^letters, digits, - or _/, 'orgCodeFormat', noArgs],
  [/^6 digits$/, 'sixDigits', noArgs],
  [/^not a GB\/T 2260 region code$/, 'notRegion', noArgs],
  [/^required for this type of federation$/, 'regionRequired', noArgs],
  [/^wrong password$/, 'wrongPassword', noArgs],
  [/is taken$/, 'taken', noArgs],
  [/already exists/, 'taken', noArgs],
  [/the node is deactivated$/, 'nodeDeactivated', noArgs],
  [/the parent node is deactivated$/, 'parentDeactivated', noArgs],
  [/you cannot move the node you belong to/, 'moveOwnNode', noArgs],
  [/cannot move under itself/, 'moveUnderSelf', noArgs],
  [/already under that parent/, 'alreadyUnder', noArgs],
  [/you cannot deactivate the node you belong to/, 'deactivateOwnNode', noArgs],
  [/has (\d+) active child nodes/, 'activeChildren', count],
  [/reactivate the parent node first/, 'reactivateParent', noArgs],
  [/already active$/, 'alreadyActive', noArgs],
  [/already deactivated$/, 'alreadyInactive', noArgs],
  [/cannot grant roles you do not hold/, 'roleNotHeld', noArgs],
  [/holds a role you do not hold/, 'targetHoldsRole', noArgs],
  [/cannot change your own roles/, 'ownAccount', noArgs],
  [/^upload too large$/, 'uploadTooLarge', noArgs],
  [/^invalid/i, 'invalid', noArgs],
];

const passwordProblemPatterns: Pattern[] = [
  [/^at least (\d+) characters$/, 'pwMinLength', count],
  [/^at most (\d+) characters$/, 'pwMaxLength', count],
  [/^three of:/, 'pwClasses', noArgs],
  [/^must not contain the login name$/, 'pwUsername', noArgs],
  [/^must differ from the current password$/, 'pwDiffer', noArgs],
];

function match(patterns: Pattern[], text: string, t: TFunction): string | null {
  for (const [regex, key, args] of patterns) {
    const m = regex.exec(text);
    // The key is chosen at run time, so the typed t() cannot check its variables.
    if (m) return (t as unknown as Loose)(`issue.${key}`, args(m));
  }
  return null;
}

/** One password-policy problem (from passwordProblems) in the current language. */
export function translatePasswordProblem(problem: string, t: TFunction): string {
  return match(passwordProblemPatterns, problem, t) ?? problem;
}

/** A schema's or the server's message, in the current language. */
export function translateIssue(message: string, t: TFunction): string {
  // "path: message" as the server words its errors.
  const text = message.replace(/^[a-zA-Z.]+: /, '');
  if (text.startsWith('needs ')) {
    const problems = text
      .slice('needs '.length)
      .split('; ')
      .map((p) => translatePasswordProblem(p, t));
    return t('issue.passwordNeeds', { problems: problems.join(t('common.separator')) });
  }
  const hang = /a (.+) cannot hang under a (.+)$/.exec(text);
  if (hang) {
    const labels = (label: string) => {
      const type = typeByLabel.get(label);
      return type ? t(`orgType.${type}`) : label;
    };
    return t('issue.cannotHang', { child: labels(hang[1]!), parent: labels(hang[2]!) });
  }
  return match(patterns, text, t) ?? message;
}
