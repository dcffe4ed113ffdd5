import { describe, expect, it } from 'vitest';
import { AppError } from '../errors';
import {
  addWorkingDays,
  allowedActions,
  applyAction,
  caseActions,
  caseStatuses,
  configurableSteps,
  defaultWorkflowConfig,
  holdsPeople,
  homeVisitDue,
  initialCaseState,
  nextStep,
  noticeEarliestEnd,
  registrationSteps,
  stepSequence,
  whoMayAct,
  workflowConfigSchema,
  type ActorPosition,
  type CaseAction,
  type CaseState,
  type WorkflowConfig,
} from './registration';

const config = defaultWorkflowConfig;

/** Every order of every subset of the middle steps: the workflows a region may configure. */
function allWorkflows(): WorkflowConfig[] {
  const result: WorkflowConfig[] = [];
  const permute = (chosen: string[], rest: string[]) => {
    result.push({ ...config, middleSteps: chosen as WorkflowConfig['middleSteps'] });
    rest.forEach((s, i) => permute([...chosen, s], [...rest.slice(0, i), ...rest.slice(i + 1)]));
  };
  permute([], [...configurableSteps]);
  return result;
}

function refusal(fn: () => unknown): AppError {
  try {
    fn();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('workflow configuration', () => {
  it('has 16 possible workflows, each starting with application and ending with approval', () => {
    const workflows = allWorkflows();
    expect(workflows).toHaveLength(16);
    for (const w of workflows) {
      const steps = stepSequence(w);
      expect(steps.slice(0, 3)).toEqual(['application', 'first_review', 'home_visit']);
      expect(steps.at(-1)).toBe('approval');
      expect(workflowConfigSchema.safeParse(w).success).toBe(true);
    }
  });

  it('refuses a step listed twice and a step that cannot be configured', () => {
    expect(
      workflowConfigSchema.safeParse({ ...config, middleSteps: ['higher_check', 'higher_check'] })
        .success,
    ).toBe(false);
    expect(workflowConfigSchema.safeParse({ ...config, middleSteps: ['home_visit'] }).success).toBe(
      false,
    );
  });
});

describe('every state and action', () => {
  const states: CaseState[] = caseStatuses.flatMap((status) =>
    registrationSteps.map((step) => ({ status, step })),
  );
  const expected = (s: CaseState): CaseAction[] => {
    if (s.status === 'draft') return ['submit', 'withdraw'];
    if (s.status === 'returned') return ['resubmit', 'withdraw'];
    if (s.status === 'in_review')
      return ['higher_check', 'financial_check', 'approval'].includes(s.step)
        ? ['pass', 'reject', 'return']
        : ['pass', 'reject'];
    return [];
  };

  it.each(states.map((s) => [s.status, s.step, s] as const))(
    '%s at %s allows exactly its actions and refuses the rest with INVALID_STATE',
    (_status, _step, state) => {
      const allowed = expected(state);
      expect(allowedActions(state, config)).toEqual(allowed);
      for (const action of caseActions) {
        if (allowed.includes(action)) {
          expect(() => applyAction(state, action, config, { opinion: '意见' })).not.toThrow();
        } else {
          const error = refusal(() => applyAction(state, action, config, { opinion: '意见' }));
          expect(error.code).toBe('INVALID_STATE');
          expect(error.details?.allowed).toEqual(allowed);
          expect(error.userMessage).toContain('不能');
        }
      }
    },
  );

  it('requires an opinion to reject or return, and only then', () => {
    const state: CaseState = { status: 'in_review', step: 'higher_check' };
    for (const action of ['reject', 'return'] as const) {
      for (const opinion of [undefined, null, '', '   ']) {
        const error = refusal(() => applyAction(state, action, config, { opinion }));
        expect(error.code).toBe('VALIDATION');
        expect(error.issues?.[0]?.path).toBe('opinion');
      }
      expect(applyAction(state, action, config, { opinion: '材料不全' }).status).toBe(
        action === 'reject' ? 'rejected' : 'returned',
      );
    }
    expect(applyAction(state, 'pass', config).status).toBe('in_review');
  });
});

describe('walking the steps', () => {
  it.each(allWorkflows().map((w) => [w.middleSteps.join(' → ') || '(none)', w] as const))(
    'passes every step of %s in order and ends registered',
    (_name, workflow) => {
      let state = applyAction(initialCaseState, 'submit', workflow);
      const visited = [state.step];
      while (state.status === 'in_review') {
        state = applyAction(state, 'pass', workflow);
        if (state.status === 'in_review') visited.push(state.step);
      }
      expect(state.status).toBe('registered');
      expect(['application', ...visited]).toEqual(stepSequence(workflow));
    },
  );

  it('goes back to first review after a return and a resubmission', () => {
    let state: CaseState = { status: 'in_review', step: 'approval' };
    state = applyAction(state, 'return', config, { opinion: '收入证明缺失' });
    expect(state).toEqual({ status: 'returned', step: 'approval' });
    state = applyAction(state, 'resubmit', config);
    expect(state).toEqual({ status: 'in_review', step: 'first_review' });
  });

  it('moves a case on when its region dropped the step it stands on', () => {
    const without: WorkflowConfig = { ...config, middleSteps: ['financial_check'] };
    expect(nextStep('higher_check', without)).toBe('financial_check');
    expect(nextStep('review_notice', without)).toBe('financial_check');
    expect(nextStep('financial_check', { ...config, middleSteps: [] })).toBe('approval');
    expect(applyAction({ status: 'in_review', step: 'higher_check' }, 'pass', without)).toEqual({
      status: 'in_review',
      step: 'financial_check',
    });
  });

  it('keeps the people of every case but a refused or withdrawn one', () => {
    expect(caseStatuses.filter(holdsPeople)).toEqual([
      'draft',
      'in_review',
      'returned',
      'registered',
    ]);
  });
});

describe('who may act', () => {
  const at = (p: Partial<ActorPosition> & { roles: string[] }): ActorPosition => ({
    isInScope: true,
    isAbove: false,
    isCountyOrAbove: false,
    ...p,
  });
  const grassrootsWorker = at({ roles: ['case_worker'] });
  const grassrootsReviewer = at({ roles: ['reviewer'] });
  const streetReviewer = at({ roles: ['reviewer'], isAbove: true });
  const countyWorker = at({ roles: ['case_worker'], isAbove: true, isCountyOrAbove: true });
  const countyAdmin = at({ roles: ['federation_admin'], isAbove: true, isCountyOrAbove: true });
  const otherCounty = at({
    roles: ['federation_admin', 'reviewer', 'case_worker'],
    isInScope: false,
  });
  const helper = at({ roles: ['helper'], isAbove: true, isCountyOrAbove: true });

  const cases: [string, CaseState, CaseAction, ActorPosition, null | 'scope' | 'role' | 'level'][] =
    [
      ['the union submits', initialCaseState, 'submit', grassrootsWorker, null],
      ['a reviewer does not submit', initialCaseState, 'submit', grassrootsReviewer, 'role'],
      [
        'the union reviews first',
        { status: 'in_review', step: 'first_review' },
        'pass',
        grassrootsReviewer,
        null,
      ],
      [
        'the union visits',
        { status: 'in_review', step: 'home_visit' },
        'pass',
        grassrootsWorker,
        null,
      ],
      [
        'a reviewer does not visit',
        { status: 'in_review', step: 'home_visit' },
        'pass',
        grassrootsReviewer,
        'role',
      ],
      [
        'the union holds the notice',
        { status: 'in_review', step: 'review_notice' },
        'pass',
        grassrootsWorker,
        null,
      ],
      [
        'the union does not check itself',
        { status: 'in_review', step: 'higher_check' },
        'pass',
        grassrootsReviewer,
        'level',
      ],
      [
        'the street federation checks',
        { status: 'in_review', step: 'higher_check' },
        'pass',
        streetReviewer,
        null,
      ],
      [
        'the street does not verify finances',
        { status: 'in_review', step: 'financial_check' },
        'pass',
        streetReviewer,
        'level',
      ],
      [
        'the county verifies finances',
        { status: 'in_review', step: 'financial_check' },
        'pass',
        countyWorker,
        null,
      ],
      ['the county approves', { status: 'in_review', step: 'approval' }, 'pass', countyAdmin, null],
      [
        'a county case worker does not approve',
        { status: 'in_review', step: 'approval' },
        'pass',
        countyWorker,
        'role',
      ],
      [
        'the county returns',
        { status: 'in_review', step: 'approval' },
        'return',
        countyAdmin,
        null,
      ],
      [
        'the union cannot return to itself',
        { status: 'in_review', step: 'approval' },
        'return',
        at({ roles: ['reviewer'], isCountyOrAbove: true }),
        'level',
      ],
      [
        'the union resubmits',
        { status: 'returned', step: 'approval' },
        'resubmit',
        grassrootsWorker,
        null,
      ],
      [
        'another county does nothing',
        { status: 'in_review', step: 'approval' },
        'pass',
        otherCounty,
        'scope',
      ],
      ['a helper does nothing', { status: 'in_review', step: 'approval' }, 'pass', helper, 'role'],
    ];

  it.each(cases)('%s', (_name, state, action, actor, reason) => {
    expect(whoMayAct(state, action, actor)?.reason ?? null).toBe(reason);
  });
});

describe('deadlines', () => {
  it('dates the home visit five calendar days after the submission by default', () => {
    expect(homeVisitDue('2026-11-27', config)).toBe('2026-12-02');
    expect(homeVisitDue('2026-12-30', { ...config, homeVisitDays: 3 })).toBe('2027-01-02');
  });

  it('counts the notice in working days, over weekends, holidays and 调休 workdays', () => {
    // Friday 2026-11-27 + 5 working days = Friday 2026-12-04.
    expect(noticeEarliestEnd('2026-11-27', config)).toBe('2026-12-04');
    expect(addWorkingDays('2026-11-27', 1)).toBe('2026-11-30');
    // National Day week 2026: 10-01 … 10-07 off, Saturday 10-10 a working day.
    const calendar = {
      holidays: ['2026-10-01', '2026-10-02', '2026-10-05', '2026-10-06', '2026-10-07'],
      extraWorkdays: ['2026-10-10'],
    };
    expect(addWorkingDays('2026-09-30', 1, calendar)).toBe('2026-10-08');
    expect(addWorkingDays('2026-09-30', 3, calendar)).toBe('2026-10-10');
  });
});
