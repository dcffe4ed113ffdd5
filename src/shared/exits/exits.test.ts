import { describe, expect, it } from 'vitest';
import { AppError } from '../errors';
import {
  allowedExitActions,
  applyExitAction,
  exitActions,
  exitKinds,
  exitProposalInputSchema,
  exitReasons,
  exitStatuses,
  isReasonOfKind,
  whoMayActOnExit,
  type ExitAction,
  type ExitActorPosition,
  type ExitStatus,
} from './exits';

function refusal(fn: () => unknown): AppError {
  try {
    fn();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

const transitions: Record<ExitStatus, Partial<Record<ExitAction, ExitStatus>>> = {
  proposed: { verify: 'verified', withdraw: 'withdrawn' },
  verified: { approve: 'approved', reject: 'rejected', withdraw: 'withdrawn' },
  approved: {},
  rejected: {},
  withdrawn: {},
};

describe('exit state machine', () => {
  for (const status of exitStatuses)
    for (const action of exitActions) {
      const to = transitions[status][action];
      if (to)
        it(`${status} —${action}→ ${to}`, () => {
          expect(applyExitAction(status, action, { opinion: '意见' })).toBe(to);
        });
      else
        it(`refuses ${action} when ${status}, naming what is allowed`, () => {
          const e = refusal(() => applyExitAction(status, action, { opinion: '意见' }));
          expect(e.code).toBe('INVALID_STATE');
          expect(e.details?.allowed).toEqual(allowedExitActions(status));
          expect(e.userMessage).toContain('不能');
        });
    }

  it('allows exactly the listed actions in each state', () => {
    for (const status of exitStatuses)
      expect(allowedExitActions(status).sort()).toEqual(Object.keys(transitions[status]).sort());
  });

  it('needs an opinion to reject, not to approve', () => {
    const e = refusal(() => applyExitAction('verified', 'reject', { opinion: '  ' }));
    expect(e.code).toBe('VALIDATION');
    expect(e.issues).toEqual([{ path: 'opinion', message: 'required' }]);
    expect(applyExitAction('verified', 'approve')).toBe('approved');
  });
});

describe('whoMayActOnExit', () => {
  const proposer = 7;
  const at = (roles: string[], over: Partial<ExitActorPosition> = {}): ExitActorPosition => ({
    userId: 1,
    roles,
    isInScope: true,
    isCountyOrAbove: false,
    ...over,
  });
  const county = { isCountyOrAbove: true };

  it('lets a case worker at the file’s node or above propose, nobody else', () => {
    expect(whoMayActOnExit('propose', at(['case_worker']), null)).toBeNull();
    expect(whoMayActOnExit('propose', at(['reviewer'], county), null)).toBe('role');
    expect(whoMayActOnExit('propose', at(['federation_admin'], county), null)).toBe('role');
    expect(whoMayActOnExit('propose', at(['case_worker'], { isInScope: false }), null)).toBe(
      'scope',
    );
  });

  it('lets a case worker or reviewer other than the proposer verify', () => {
    expect(whoMayActOnExit('verify', at(['case_worker']), proposer)).toBeNull();
    expect(whoMayActOnExit('verify', at(['reviewer']), proposer)).toBeNull();
    expect(whoMayActOnExit('verify', at(['case_worker'], { userId: proposer }), proposer)).toBe(
      'proposer',
    );
    expect(whoMayActOnExit('verify', at(['federation_admin'], county), proposer)).toBe('role');
    expect(whoMayActOnExit('verify', at(['helper']), proposer)).toBe('role');
  });

  for (const action of ['approve', 'reject'] as const)
    it(`lets a reviewer or federation administrator at county level or above ${action}`, () => {
      expect(whoMayActOnExit(action, at(['reviewer'], county), proposer)).toBeNull();
      expect(whoMayActOnExit(action, at(['federation_admin'], county), proposer)).toBeNull();
      expect(whoMayActOnExit(action, at(['reviewer']), proposer)).toBe('level');
      expect(whoMayActOnExit(action, at(['case_worker'], county), proposer)).toBe('role');
      expect(
        whoMayActOnExit(action, at(['reviewer'], { ...county, isInScope: false }), proposer),
      ).toBe('scope');
    });

  it('lets only the proposer withdraw', () => {
    expect(
      whoMayActOnExit('withdraw', at(['case_worker'], { userId: proposer }), proposer),
    ).toBeNull();
    expect(whoMayActOnExit('withdraw', at(['case_worker']), proposer)).toBe('not_proposer');
    expect(whoMayActOnExit('withdraw', at(['reviewer'], { userId: proposer }), proposer)).toBe(
      'role',
    );
  });
});

describe('reasons and the proposal', () => {
  it('has reason codes for every kind, with both labels', () => {
    for (const kind of exitKinds) {
      const reasons = Object.entries(exitReasons[kind]);
      expect(reasons.length).toBeGreaterThan(1);
      for (const [code, label] of reasons) {
        expect(isReasonOfKind(kind, code)).toBe(true);
        expect(label.zh && label.en).toBeTruthy();
      }
    }
    expect(Object.keys(exitReasons.cancelled)).toEqual([
      'death',
      'retirement',
      'moved_away',
      'other',
    ]);
  });

  it('refuses a reason code of another kind', () => {
    const parse = (kind: string, reasonCode: string) =>
      exitProposalInputSchema.safeParse({ kind, reasonCode, reason: '说明' });
    expect(parse('cancelled', 'death').success).toBe(true);
    const wrong = parse('removed', 'death');
    expect(wrong.success).toBe(false);
    expect(wrong.error?.issues[0]?.path).toEqual(['reasonCode']);
    expect(isReasonOfKind('cancelled', 'toString')).toBe(false);
  });

  it('needs a reason text', () => {
    expect(
      exitProposalInputSchema.safeParse({ kind: 'cancelled', reasonCode: 'death', reason: ' ' })
        .success,
    ).toBe(false);
  });
});
