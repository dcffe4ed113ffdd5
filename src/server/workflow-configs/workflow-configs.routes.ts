import type { App, AppDeps } from '../http/app-types';
import { contextOf } from '../http/context';
import {
  deleteWorkflowConfigQuerySchema,
  regionCodeParamsSchema,
  saveWorkflowConfigSchema,
} from '../../shared/workflow-configs/workflow-config';
import * as service from './workflow-configs.service';

const tags = ['workflow-configs'];

/** A region's registration workflow: the one in force and its source; save; back to inheriting. */
export function workflowConfigsRoutes(app: App, { db }: AppDeps): void {
  app.get(
    '/api/workflow-configs/:regionCode',
    {
      config: { access: 'policy.read' },
      schema: {
        tags,
        summary: 'The workflow in force for a region and where it comes from',
        params: regionCodeParamsSchema,
      },
    },
    (req) => service.getWorkflowConfig(db, contextOf(req), req.params.regionCode),
  );

  app.put(
    '/api/workflow-configs/:regionCode',
    {
      config: { access: 'policy.manage' },
      schema: {
        tags,
        summary: 'Store the region’s own workflow (version null the first time)',
        params: regionCodeParamsSchema,
        body: saveWorkflowConfigSchema,
      },
    },
    (req) => service.saveWorkflowConfig(db, contextOf(req), req.params.regionCode, req.body),
  );

  app.delete(
    '/api/workflow-configs/:regionCode',
    {
      config: { access: 'policy.manage' },
      schema: {
        tags,
        summary: 'Remove the region’s own workflow: it inherits again',
        params: regionCodeParamsSchema,
        querystring: deleteWorkflowConfigQuerySchema,
      },
    },
    (req) =>
      service.deleteWorkflowConfig(db, contextOf(req), req.params.regionCode, req.query.version),
  );
}
