import type { TFunction } from 'i18next';
import type { IdNumberErrorKind } from '../../../shared/households/id-number';
import { translateIssue } from '../../forms/issues';

/**
 * The household schemas' English messages in the screen's language. What is
 * not household-specific falls through to the common translations.
 */

/** The ID-number parser's problem, from its error kind. */
export function idNumberProblem(kind: IdNumberErrorKind, length: number, t: TFunction): string {
  switch (kind) {
    case 'empty':
      return t('issue.required');
    case 'length':
      return t('householdForm.idError.length', { count: length });
    case 'characters':
      return t('householdForm.idError.characters');
    case 'region':
      return t('householdForm.idError.region');
    case 'birth_date':
      return t('householdForm.idError.birthDate');
    case 'check_digit':
      return t('householdForm.idError.checkDigit');
  }
}

type Rule = [RegExp, (t: TFunction, m: RegExpExecArray) => string];

const rules: Rule[] = [
  [/received undefined$|^Invalid option|^YYYY-MM-DD$/, (t) => t('issue.required')],
  [
    /^must be 18 characters .*got (\d+)$/,
    (t, m) => t('householdForm.idError.length', { count: Number(m[1]) }),
  ],
  [/digits only|has digits only/, (t) => t('householdForm.idError.characters')],
  [/^unknown province code/, (t) => t('householdForm.idError.region')],
  [/^birth date \d+ is/, (t) => t('householdForm.idError.birthDate')],
  [/^bad check digit$/, (t) => t('householdForm.idError.checkDigit')],
  [/^exactly one member with relation head/, (t) => t('householdForm.issue.oneHead')],
  [/head worker’s ID number is required/, (t) => t('householdForm.issue.headId')],
  [/^two members with one ID number$/, (t) => t('householdForm.issue.sameId')],
  [/^the ID number says/, (t) => t('householdForm.issue.contradicts')],
  [/^required when in full-time study$/, (t) => t('householdForm.issue.studyLevel')],
  [/^repeats the main cause$/, (t) => t('householdForm.issue.repeatsMain')],
  [/^a cause is listed twice$/, (t) => t('householdForm.issue.listedTwice')],
  [/^at most 3 secondary causes$/, (t) => t('householdForm.issue.atMost3')],
  [/^a mobile number \(11 digits\)/, (t) => t('householdForm.issue.phone')],
  [/^12 to 30 digits$/, (t) => t('householdForm.issue.bankAccount')],
  [/^no member with ref/, (t) => t('householdForm.issue.noMember')],
  [
    /^not a dictionary code$|not an active item|unknown item|dictionary/i,
    (t) => t('householdForm.issue.dictionary'),
  ],
  [
    /outside (your|the caller’s|the caller's) scope|not in your scope/i,
    (t) => t('householdForm.issue.nodeOutOfScope'),
  ],
];

/** One schema or server message about a household field, in the current language. */
export function translateHouseholdIssue(message: string, t: TFunction): string {
  const text = message.replace(/^[a-zA-Z0-9.]+: /, '');
  for (const [regex, words] of rules) {
    const m = regex.exec(text);
    if (m) return words(t, m);
  }
  return translateIssue(text, t);
}
