import type { ColumnType, Generated } from 'kysely';

/**
 * Hand-kept table types. A migration that changes a table changes this file in
 * the same commit. Ids are bigint in the database and JS numbers in code (the
 * pool parses int8 as a checked safe integer).
 */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;

export type SchemaMigrationsTable = {
  version: string;
  name: string;
  applied_at: CreatedAt;
};

export type OrgNodesTable = {
  id: Generated<number>;
  parent_id: number | null;
  /** Materialised path of ids, '/1/5/23/': a subtree is `path LIKE '/1/5/%'`. */
  path: string;
  depth: number;
  code: string;
  name: string;
  type: string;
  region_code: string | null;
  address: string | null;
  phone: string | null;
  is_active: Generated<boolean>;
  version: Generated<number>;
  created_at: CreatedAt;
  updated_at: Timestamp;
};

export type UsersTable = {
  id: Generated<number>;
  username: string;
  display_name: string;
  phone: string | null;
  node_id: number;
  roles: string[];
  password_hash: string;
  must_change_password: Generated<boolean>;
  failed_login_count: Generated<number>;
  locked_until: Date | null;
  is_active: Generated<boolean>;
  last_login_at: Date | null;
  password_changed_at: Date | null;
  version: Generated<number>;
  created_at: CreatedAt;
  updated_at: Timestamp;
};

export type SessionsTable = {
  /** sha256 of the cookie token: a stolen table does not yield live sessions. */
  id: string;
  user_id: number;
  csrf_token: string;
  created_at: CreatedAt;
  last_seen_at: Timestamp;
  expires_at: Date;
  ip: string | null;
  user_agent: string | null;
};

export type AuditLogTable = {
  id: Generated<number>;
  at: CreatedAt;
  actor_user_id: number | null;
  actor_username: string | null;
  actor_node_id: number | null;
  /** The node that owns the changed record: decides who may read this entry. */
  node_id: number | null;
  action: string;
  entity_type: string;
  entity_id: number | null;
  details: ColumnType<Record<string, unknown>, string, never>;
  before: ColumnType<Record<string, unknown> | null, string | null, never>;
  after: ColumnType<Record<string, unknown> | null, string | null, never>;
  request_id: string | null;
  ip: string | null;
};

/** Dates are read as text (`effective_from::text`) by the queries; written as 'YYYY-MM-DD'. */
export type PolicyRatesTable = {
  id: Generated<number>;
  kind: string;
  region_code: string;
  monthly_fen: number;
  effective_from: string;
  effective_to: string | null;
  note: string | null;
  version: Generated<number>;
  created_at: CreatedAt;
  updated_at: Timestamp;
};

export type PolicyVersionsTable = {
  id: string;
  scheme: string;
  effective_from: string;
  definition: ColumnType<unknown, string, string>;
  version: Generated<number>;
  created_at: CreatedAt;
  updated_at: Timestamp;
};

export type Database = {
  schema_migrations: SchemaMigrationsTable;
  org_nodes: OrgNodesTable;
  users: UsersTable;
  sessions: SessionsTable;
  audit_log: AuditLogTable;
  policy_rates: PolicyRatesTable;
  policy_versions: PolicyVersionsTable;
};
