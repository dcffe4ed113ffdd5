import { z } from 'zod';
import type { App, AppDeps } from '../http/app-types';
import { contextOf } from '../http/context';
import { cardActionRequestSchema, cardLookupQuerySchema } from '../../shared/cards/worker-card';
import * as service from './cards.service';

const idParams = z.object({ id: z.coerce.number().int().positive() });
const issueBodySchema = z.object({ reason: z.string().trim().min(1, 'required').max(500) });
const tags = ['cards'];

/** 职工卡: a file's worker cards, their status changes, and the lookup that verifies a card. */
export function cardsRoutes(app: App, { db }: AppDeps): void {
  app.get(
    '/api/households/:id/cards',
    {
      config: { access: 'household.read' },
      schema: { tags, summary: 'The file’s worker cards with their history', params: idParams },
    },
    (req) => service.getHouseholdCards(db, contextOf(req), req.params.id),
  );

  app.post(
    '/api/households/:id/cards',
    {
      config: { access: 'household.manage' },
      schema: {
        tags,
        summary: 'Issue a new card to a registered file that has none in force',
        params: idParams,
        body: issueBodySchema,
      },
    },
    (req) => service.issueCard(db, contextOf(req), req.params.id, req.body.reason),
  );

  app.post(
    '/api/cards/:id/actions',
    {
      config: { access: 'household.manage' },
      schema: {
        tags,
        summary: 'Suspend, reinstate or cancel a card, with a reason',
        params: idParams,
        body: cardActionRequestSchema,
      },
    },
    (req) => service.actOnCard(db, contextOf(req), req.params.id, req.body),
  );

  app.get(
    '/api/cards/lookup',
    {
      config: { access: 'household.read' },
      schema: {
        tags,
        summary: 'Verify a card number: check digit, then status, masked holder, node, file number',
        querystring: cardLookupQuerySchema,
      },
    },
    (req) => service.lookupCard(db, contextOf(req), req.query.cardNo),
  );
}
