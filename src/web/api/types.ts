import type { OrgNode, OrgNodeType } from '../../shared/orgs/org-node';
import type { Permission, Role } from '../../shared/permissions';
import type { Region } from '../../shared/regions/region-code';
import type { FieldChange } from '../../shared/audit/audit-event';

/** GET /api/auth/me */
export type Me = {
  userId: number;
  username: string;
  displayName: string;
  roles: Role[];
  permissions: Permission[];
  mustChangePassword: boolean;
  csrfToken: string;
  node: { id: number; name: string; type: OrgNodeType; code: string };
};

export type { OrgNode, Region };

/** GET /api/orgs/:id and /api/orgs/root: the node with its ancestors (root first, itself last). */
export type OrgNodeDetail = OrgNode & {
  ancestors: { id: number; name: string; type: string; isInScope: boolean }[];
  region: Region | null;
};

/** GET /api/orgs/:id/figures: active nodes by type, the node itself included. */
export type NetworkFigures = Partial<Record<OrgNodeType, number>>;

/** A keyset page: `nextCursor` goes back as `after` (users) or `before` (audit). */
export type Page<T> = { items: T[]; nextCursor: number | null };

/** One record of GET /api/audit. */
export type AuditItem = {
  id: number;
  at: string;
  actorUserId: number | null;
  actorUsername: string | null;
  nodeId: number | null;
  nodeName: string | null;
  action: string;
  entityType: string;
  entityId: number | null;
  details: Record<string, unknown> | null;
  changes: FieldChange[];
  requestId: string | null;
  ip: string | null;
};

/** POST /api/orgs/import?mode=validate|commit */
export type OrgImportResult = {
  mode: 'validate' | 'commit';
  rows: number;
  created: number;
  errors: { row: number; column: string; message: string }[];
  preview: {
    row: number;
    code: string;
    name: string;
    type: OrgNodeType | null;
    parentCode: string;
    regionCode: string | null;
  }[];
};
