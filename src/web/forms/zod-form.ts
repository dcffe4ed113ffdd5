import type { FormInstance, Rule } from 'antd/es/form';
import type { TFunction } from 'i18next';
import type { ZodType, z } from 'zod';
import { ApiError } from '../api/client';
import type { FieldIssue } from '../../shared/errors';
import { translateIssue } from './issues';

/**
 * The shared zod schemas drive the antd forms: one rule per field for live
 * feedback, one parse of the whole payload on submit, and the server's field
 * issues shown where they belong. The server checks the same schemas again.
 */

function blankToUndefined(value: unknown): unknown {
  return typeof value === 'string' && value.trim() === '' ? undefined : value;
}

/** An antd rule that checks one field against its shared schema. */
export function zodRule(schema: ZodType, t: TFunction): Rule {
  return {
    validator: async (_rule, raw: unknown) => {
      const value = blankToUndefined(raw);
      const result = schema.safeParse(value);
      if (result.success) return;
      if (value === undefined) {
        // Empty: fine when the schema takes null; otherwise it is a required field.
        if (schema.safeParse(null).success) return;
        throw new Error(t('issue.required'));
      }
      throw new Error(translateIssue(result.error.issues[0]?.message ?? 'invalid', t));
    },
  };
}

function fieldName(path: string): (string | number)[] {
  return path.split('.').map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

/** Field names the form has registered (Form.Items on screen). */
function registeredFields(form: FormInstance): Set<string> {
  return new Set(Object.keys(form.getFieldsValue() as Record<string, unknown>));
}

/**
 * Puts issues on their fields. Returns those that name no field of the form,
 * so the caller can show them elsewhere.
 */
export function setFieldIssues(
  form: FormInstance,
  issues: FieldIssue[],
  t: TFunction,
): FieldIssue[] {
  const known = registeredFields(form);
  const byField = new Map<string, string[]>();
  const rest: FieldIssue[] = [];
  for (const issue of issues) {
    const top = issue.path.split('.')[0] ?? '';
    if (!known.has(top)) {
      rest.push(issue);
      continue;
    }
    byField.set(issue.path, [...(byField.get(issue.path) ?? []), translateIssue(issue.message, t)]);
  }
  form.setFields([...byField].map(([path, errors]) => ({ name: fieldName(path), errors })));
  return rest;
}

/**
 * Parses the payload built from the form's values with the shared schema.
 * On failure the problems are shown on their fields and null is returned.
 */
export function parseForm<S extends ZodType>(
  form: FormInstance,
  schema: S,
  payload: unknown,
  t: TFunction,
): z.output<S> | null {
  const result = schema.safeParse(payload);
  if (result.success) return result.data;
  setFieldIssues(
    form,
    result.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
    t,
  );
  return null;
}

function snakeCase(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/**
 * Shows a server error on the form's fields when it names them: its issues, or
 * a unique constraint such as `org_nodes_code_key`. Returns true when every
 * problem found a field, so nothing more needs saying.
 */
export function applyApiErrorToForm(form: FormInstance, error: unknown, t: TFunction): boolean {
  if (!(error instanceof ApiError)) return false;
  if (error.issues.length) return setFieldIssues(form, error.issues, t).length === 0;
  const constraint = error.details.constraint;
  if (error.code === 'CONFLICT' && typeof constraint === 'string') {
    const field = [...registeredFields(form)].find((f) =>
      constraint.endsWith(`_${snakeCase(f)}_key`),
    );
    if (field) {
      form.setFields([{ name: field, errors: [t('issue.taken')] }]);
      return true;
    }
  }
  // "field: message" without structured issues, as some INVALID_STATE errors are worded.
  const prefixed = /^([a-zA-Z]+): /.exec(error.message);
  if (prefixed && registeredFields(form).has(prefixed[1]!)) {
    form.setFields([{ name: prefixed[1]!, errors: [translateIssue(error.message, t)] }]);
    return true;
  }
  return false;
}

/** '' and whitespace become null: the schemas' way of saying "not given". */
export function emptyToNull(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}
