import { z } from 'zod';
import type { App, AppDeps } from '../http/app-types';
import { contextOf } from '../http/context';
import { exitActionRequestSchema, exitProposalInputSchema } from '../../shared/exits/exits';
import { monthlyIncomesRequestSchema } from '../../shared/exits/income-rule';
import {
  followUpRecordSchema,
  readmitRequestSchema,
  relapseDismissSchema,
} from '../../shared/exits/follow-ups';
import * as exits from './exits.service';
import * as incomes from './monthly-incomes.service';
import * as after from './follow-ups.service';

const idParams = z.object({ id: z.coerce.number().int().positive() });
const tags = ['exits'];

/**
 * The four exits (退出), monthly income records, follow-ups (回访), the relapse
 * watch (返困监测) and re-admission (重新纳入). Routes that several roles use
 * (verify, decide) declare household.read; the service checks role and level.
 */
export function exitsRoutes(app: App, { db }: AppDeps): void {
  app.get(
    '/api/households/:id/monthly-incomes',
    {
      config: { access: 'household.read' },
      schema: {
        tags,
        summary: 'Monthly incomes with per-capita income, the line, and the 脱困 check',
        params: idParams,
      },
    },
    (req) => incomes.getMonthlyIncomes(db, contextOf(req), req.params.id),
  );

  app.put(
    '/api/households/:id/monthly-incomes',
    {
      config: { access: 'household.manage' },
      schema: {
        tags,
        summary: 'Record or correct several months of income (the line of each month is stored)',
        params: idParams,
        body: monthlyIncomesRequestSchema,
      },
    },
    (req) => incomes.recordMonthlyIncomes(db, contextOf(req), req.params.id, req.body),
  );

  app.get(
    '/api/households/:id/exits',
    {
      config: { access: 'household.read' },
      schema: { tags, summary: 'The file’s exits and what the caller may do', params: idParams },
    },
    (req) => exits.getExits(db, contextOf(req), req.params.id),
  );

  app.post(
    '/api/households/:id/exits',
    {
      config: { access: 'household.manage' },
      schema: {
        tags,
        summary: 'Propose an exit (脱困 needs the income rule to hold)',
        params: idParams,
        body: exitProposalInputSchema,
      },
    },
    async (req, reply) => {
      const view = await exits.proposeExitManually(db, contextOf(req), req.params.id, req.body);
      return reply.status(201).send(view);
    },
  );

  app.post(
    '/api/households/:id/exits/actions',
    {
      config: { access: 'household.read' },
      schema: {
        tags,
        summary: 'Verify, approve, reject or withdraw the open exit (role and level decide)',
        params: idParams,
        body: exitActionRequestSchema,
      },
    },
    (req) => exits.actOnExit(db, contextOf(req), req.params.id, req.body),
  );

  app.get(
    '/api/exits',
    {
      config: { access: 'household.read' },
      schema: { tags, summary: 'Open exits in scope waiting for something the caller may do' },
    },
    (req) => exits.findWaitingExits(db, contextOf(req)),
  );

  app.get(
    '/api/households/:id/after-exit',
    {
      config: { access: 'household.read' },
      schema: { tags, summary: 'The file’s follow-ups and relapse flags', params: idParams },
    },
    (req) => after.getAfterExit(db, contextOf(req), req.params.id),
  );

  app.post(
    '/api/households/:id/follow-ups',
    {
      config: { access: 'household.manage' },
      schema: {
        tags,
        summary: 'Record a follow-up (signals raise relapse flags)',
        params: idParams,
        body: followUpRecordSchema,
      },
    },
    (req) => after.recordFollowUp(db, contextOf(req), req.params.id, req.body),
  );

  app.get(
    '/api/follow-ups',
    {
      config: { access: 'household.read' },
      schema: { tags, summary: 'Follow-ups in scope that are due or overdue (回访计划)' },
    },
    (req) => after.findFollowUpPlan(db, contextOf(req)),
  );

  app.get(
    '/api/relapse-flags',
    {
      config: { access: 'household.read' },
      schema: { tags, summary: 'Open relapse flags in scope (返困监测)' },
    },
    (req) => after.findRelapseWatch(db, contextOf(req)),
  );

  app.post(
    '/api/households/:id/relapse-flags/dismiss',
    {
      config: { access: 'household.manage' },
      schema: {
        tags,
        summary: 'Dismiss an open relapse flag, with the reason',
        params: idParams,
        body: relapseDismissSchema,
      },
    },
    (req) => after.dismissFlag(db, contextOf(req), req.params.id, req.body),
  );

  app.post(
    '/api/households/:id/readmit',
    {
      config: { access: 'household.manage' },
      schema: {
        tags,
        summary: 'Re-admit an exited file as a new application (same household, same history)',
        params: idParams,
        body: readmitRequestSchema,
      },
    },
    (req) => after.readmitHousehold(db, contextOf(req), req.params.id, req.body),
  );
}
