import { z } from 'zod';
import type { App, AppDeps } from '../http/app-types';
import { contextOf } from '../http/context';
import {
  closeReviewRoundSchema,
  keepReviewTaskSchema,
  openReviewRoundSchema,
  reviewProgressQuerySchema,
  reviewTaskQuerySchema,
} from '../../shared/reviews/review-round';
import { exitProposalInputSchema } from '../../shared/exits/exits';
import * as service from './reviews.service';

const idParams = z.object({ id: z.coerce.number().int().positive() });
const tags = ['reviews'];

/** Annual review rounds (年度复核): open, follow per node, end each file's task, close. */
export function reviewsRoutes(app: App, { db, config }: AppDeps): void {
  const deps: service.ReviewDeps = {
    db,
    store: { dir: config.documentsDir, maxBytes: config.documentMaxBytes },
  };

  app.get(
    '/api/review-rounds',
    {
      config: { access: 'household.read' },
      schema: { tags, summary: 'Review rounds at, below or above the caller’s node' },
    },
    (req) => service.listRounds(db, contextOf(req)),
  );

  app.post(
    '/api/review-rounds',
    {
      config: { access: 'review.manage' },
      schema: {
        tags,
        summary: 'Open a review round: a task for every registered file of the subtree, a sample',
        body: openReviewRoundSchema,
      },
    },
    async (req, reply) => {
      const round = await service.openRound(db, contextOf(req), req.body);
      return reply.code(201).send(round);
    },
  );

  app.get(
    '/api/review-rounds/:id',
    {
      config: { access: 'household.read' },
      schema: { tags, summary: 'One round, counted in the caller’s scope', params: idParams },
    },
    (req) => service.getRound(db, contextOf(req), req.params.id),
  );

  app.get(
    '/api/review-rounds/:id/progress',
    {
      config: { access: 'household.read' },
      schema: {
        tags,
        summary: 'Progress per child node of a node (one grouped query)',
        params: idParams,
        querystring: reviewProgressQuerySchema,
      },
    },
    (req) => service.getProgress(db, contextOf(req), req.params.id, req.query.nodeId),
  );

  app.get(
    '/api/review-rounds/:id/tasks',
    {
      config: { access: 'household.read' },
      schema: {
        tags,
        summary: 'Tasks of a round in scope: pending, in the sample, needing re-application',
        params: idParams,
        querystring: reviewTaskQuerySchema,
      },
    },
    (req) => service.listTasks(db, contextOf(req), req.params.id, req.query),
  );

  app.post(
    '/api/review-rounds/:id/close',
    {
      config: { access: 'review.manage' },
      schema: {
        tags,
        summary: 'Close a round once its sample is done (or forced, with a reason)',
        params: idParams,
        body: closeReviewRoundSchema,
      },
    },
    (req) => service.closeRound(db, contextOf(req), req.params.id, req.body),
  );

  app.get(
    '/api/review-tasks/:id',
    {
      config: { access: 'household.read' },
      schema: {
        tags,
        summary: 'One review task with the re-application evidence and the caller’s actions',
        params: idParams,
      },
    },
    (req) => service.getTask(deps, contextOf(req), req.params.id),
  );

  app.post(
    '/api/review-tasks/:id/keep',
    {
      config: { access: 'household.read' },
      schema: {
        tags,
        summary: 'Keep the file: re-assessed under the current policy (case worker or reviewer)',
        params: idParams,
        body: keepReviewTaskSchema,
      },
    },
    (req) => service.keepTask(db, contextOf(req), req.params.id, req.body),
  );

  app.post(
    '/api/review-tasks/:id/exit',
    {
      config: { access: 'household.read' },
      schema: {
        tags,
        summary: 'End the task in an exit proposal (脱困/解困/注销/退档) by a case worker',
        params: idParams,
        body: exitProposalInputSchema,
      },
    },
    (req) => service.exitTask(db, contextOf(req), req.params.id, req.body),
  );

  app.get(
    '/api/households/:id/reviews',
    {
      config: { access: 'household.read' },
      schema: {
        tags,
        summary: 'The review tasks of one file, newest round first',
        params: idParams,
      },
    },
    (req) => service.getHouseholdReviews(db, contextOf(req), req.params.id),
  );
}
