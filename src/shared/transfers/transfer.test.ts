import { describe, expect, it } from 'vitest';
import { AppError } from '../errors';
import { roles, type Role } from '../permissions';
import {
  allowedTransferActions,
  applyTransferAction,
  isOpenTransfer,
  transferActions,
  transferActionsFor,
  transferStatuses,
  whoMayActOnTransfer,
  type TransferAction,
  type TransferActorPosition,
  type TransferStatus,
} from './transfer';

/** The whole table: status × action → next status (undefined: refused). */
const expected: Record<TransferStatus, Partial<Record<TransferAction, TransferStatus>>> = {
  requested: { release: 'released', refuse: 'rejected', cancel: 'cancelled' },
  released: { accept: 'completed', refuse: 'rejected' },
  completed: {},
  rejected: {},
  cancelled: {},
};

function errorOf(fn: () => unknown): AppError {
  try {
    fn();
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected an AppError');
}

describe('applyTransferAction', () => {
  for (const status of transferStatuses)
    for (const action of transferActions) {
      const next = expected[status][action];
      if (next)
        it(`${status} + ${action} → ${next}`, () => {
          expect(applyTransferAction(status, action, { opinion: '意见' })).toBe(next);
        });
      else
        it(`refuses ${action} when ${status}, naming what is allowed`, () => {
          const error = errorOf(() => applyTransferAction(status, action, { opinion: '意见' }));
          expect(error.code).toBe('INVALID_STATE');
          expect(error.details).toMatchObject({
            status,
            action,
            allowed: Object.keys(expected[status]),
          });
          expect(error.userMessage).toContain('不能');
        });
    }

  it('needs an opinion to refuse, at either end', () => {
    for (const status of ['requested', 'released'] as const) {
      const error = errorOf(() => applyTransferAction(status, 'refuse', { opinion: '  ' }));
      expect(error.code).toBe('VALIDATION');
      expect(error.issues).toEqual([{ path: 'opinion', message: 'required' }]);
    }
  });

  it('needs no opinion to release, accept or cancel', () => {
    expect(applyTransferAction('requested', 'release')).toBe('released');
    expect(applyTransferAction('requested', 'cancel')).toBe('cancelled');
    expect(applyTransferAction('released', 'accept')).toBe('completed');
  });

  it('lists the allowed actions per status', () => {
    for (const status of transferStatuses)
      expect(allowedTransferActions(status)).toEqual(
        transferActions.filter((a) => expected[status][a]),
      );
  });

  it('holds the file while requested or released', () => {
    expect(transferStatuses.filter(isOpenTransfer)).toEqual(['requested', 'released']);
  });
});

const originRoles: Role[] = ['reviewer', 'federation_admin'];
const destinationRoles: Role[] = ['case_worker', 'reviewer', 'federation_admin'];

function position(p: Partial<TransferActorPosition>): TransferActorPosition {
  return { roles: [], coversOrigin: false, coversDestination: false, isRequester: false, ...p };
}

describe('whoMayActOnTransfer', () => {
  for (const role of roles) {
    it(`origin side, ${role}: ${originRoles.includes(role) ? 'may' : 'may not'} release or refuse`, () => {
      for (const action of ['release', 'refuse'] as const) {
        const refusal = whoMayActOnTransfer(
          'requested',
          action,
          position({ roles: [role], coversOrigin: true }),
        );
        expect(refusal).toEqual(
          originRoles.includes(role) ? null : { reason: 'role', side: 'origin' },
        );
      }
    });
    it(`destination side, ${role}: ${destinationRoles.includes(role) ? 'may' : 'may not'} accept or refuse`, () => {
      for (const action of ['accept', 'refuse'] as const) {
        const refusal = whoMayActOnTransfer(
          'released',
          action,
          position({ roles: [role], coversDestination: true }),
        );
        expect(refusal).toEqual(
          destinationRoles.includes(role) ? null : { reason: 'role', side: 'destination' },
        );
      }
    });
  }

  it('keeps each side to its own step', () => {
    const destinationOnly = position({ roles: [...roles], coversDestination: true });
    expect(whoMayActOnTransfer('requested', 'release', destinationOnly)).toEqual({
      reason: 'side',
      side: 'origin',
    });
    expect(whoMayActOnTransfer('requested', 'refuse', destinationOnly)).toEqual({
      reason: 'side',
      side: 'origin',
    });
    const originOnly = position({ roles: [...roles], coversOrigin: true });
    expect(whoMayActOnTransfer('released', 'accept', originOnly)).toEqual({
      reason: 'side',
      side: 'destination',
    });
    expect(whoMayActOnTransfer('released', 'refuse', originOnly)).toEqual({
      reason: 'side',
      side: 'destination',
    });
  });

  it('lets only the requester cancel, whatever their roles', () => {
    expect(whoMayActOnTransfer('requested', 'cancel', position({ isRequester: true }))).toBeNull();
    expect(
      whoMayActOnTransfer(
        'requested',
        'cancel',
        position({ roles: [...roles], coversOrigin: true, coversDestination: true }),
      ),
    ).toEqual({ reason: 'requester', side: 'requester' });
  });

  it('lets a user above both ends act for both, one step at a time', () => {
    const city = position({
      roles: ['federation_admin'],
      coversOrigin: true,
      coversDestination: true,
    });
    expect(transferActionsFor('requested', city)).toEqual(['release', 'refuse']);
    expect(transferActionsFor('released', city)).toEqual(['accept', 'refuse']);
    expect(transferActionsFor('completed', city)).toEqual([]);
  });

  it('answers no refusal for an action the status does not allow (applyTransferAction refuses it)', () => {
    expect(whoMayActOnTransfer('completed', 'accept', position({}))).toBeNull();
  });
});
