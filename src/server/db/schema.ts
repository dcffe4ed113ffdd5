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

type DateText = ColumnType<string, string, string>;
type Json<T = unknown> = ColumnType<T, string, string>;

/** One file per household (一户一档). Sensitive values: `*_enc` encrypted, `*_hash` keyed hash, `*_masked` for lists. */
export type HouseholdsTable = {
  id: Generated<number>;
  node_id: number;
  node_path: string;
  status: Generated<string>;
  file_no: string | null;
  region_code: string;
  standard_level: string;
  head_name: string;
  head_name_pinyin: string;
  head_name_initials: string;
  head_id_number_hash: string | null;
  head_id_number_masked: string | null;
  head_work_status: string | null;
  member_count: number;
  phone_enc: string | null;
  phone_hash: string | null;
  phone_masked: string | null;
  address: string | null;
  employer_name: string | null;
  employer_type: string | null;
  industry: string | null;
  is_union_member: boolean;
  political_status: string | null;
  marital_status: string | null;
  hukou_type: string | null;
  model_worker_type: string | null;
  housing_type: string | null;
  housing_area_band: string | null;
  is_single_parent: boolean;
  is_zero_employment: boolean;
  main_cause: string;
  secondary_causes: string[];
  situation: string | null;
  bank_name: string | null;
  bank_account_enc: string | null;
  bank_account_hash: string | null;
  bank_account_masked: string | null;
  accident: Json | null;
  monthly_incomes: Json;
  migrant_worker: Json | null;
  category: string | null;
  eligible: boolean | null;
  provisional: boolean | null;
  per_capita_fen: number | null;
  assessed_at: Date | null;
  last_assessment_id: number | null;
  last_aided_at: Date | null;
  version: Generated<number>;
  created_at: CreatedAt;
  created_by: number | null;
  updated_at: Timestamp;
  updated_by: number | null;
  /** The registration case (src/shared/cases/registration.ts). */
  case_status: Generated<string>;
  case_step: Generated<string>;
  case_step_since: Generated<Date>;
  submitted_on: DateText | null;
  registered_at: Date | null;
  file_kind: Generated<string>;
  temporary_reason: string | null;
  temporary_until: DateText | null;
  exited_at: Date | null;
  exit_kind: string | null;
  /** Bumped from one sequence on every change that matters for reporting up. */
  change_seq: Generated<number>;
};

/** Dates (birth_date, living_with_household_since) are read as text by the queries. */
export type HouseholdMembersTable = {
  id: Generated<number>;
  household_id: number;
  sort: number;
  relation: string;
  name: string;
  name_pinyin: string;
  name_initials: string;
  id_number_enc: string | null;
  id_number_hash: string | null;
  id_number_masked: string | null;
  active_id_number_hash: string | null;
  birth_date: DateText;
  sex: string;
  is_able_to_work: boolean;
  work_status: string | null;
  is_in_full_time_study: boolean;
  study_level: string | null;
  school: string | null;
  living_with_household_since: DateText | null;
  is_dependant: boolean;
  is_disabled_or_seriously_ill: boolean;
  health_status: string | null;
  diagnosis_enc: string | null;
  disability_type: string | null;
  disability_grade: string | null;
  /** Set when a death found by registry matching is confirmed (read as text). */
  deceased_on: DateText | null;
  removed_at: Date | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
};

export type HouseholdItemsTable = {
  id: Generated<number>;
  household_id: number;
  member_id: number | null;
  sort: number;
  type: string;
  amount_fen: number;
  note: string | null;
};

export type HouseholdExclusionsTable = {
  household_id: number;
  exclusion_id: string;
  answer: boolean | null;
  evidence: string | null;
};

export type HouseholdAssessmentsTable = {
  id: Generated<number>;
  household_id: number;
  assessed_at: CreatedAt;
  assessed_by: number | null;
  reason: string;
  policy_version_id: string;
  as_of: DateText;
  category: string | null;
  eligible: boolean;
  provisional: boolean;
  per_capita_fen: number;
  result: Json;
};

export type HouseholdDocumentsTable = {
  id: Generated<number>;
  household_id: number;
  member_id: number | null;
  doc_type: string;
  file_name: string;
  content_type: string;
  size_bytes: number;
  sha256: string;
  note: string | null;
  uploaded_by: number | null;
  uploaded_at: CreatedAt;
  removed_by: number | null;
  removed_at: Date | null;
};

export type DuplicateReviewsTable = {
  id: Generated<number>;
  kind: string;
  key_hash: string;
  decision: string;
  note: string | null;
  decided_by: number | null;
  decided_at: CreatedAt;
  /** The files the decision was made about (those the reviewer saw). */
  household_ids: Generated<number[]>;
};

export type DictionaryItemsTable = {
  dictionary_code: string;
  item_code: string;
  label_zh: string;
  label_en: string | null;
  sort: number;
  is_active: Generated<boolean>;
  version: Generated<number>;
  updated_at: Timestamp;
  updated_by: number | null;
};

export type JobsTable = {
  id: Generated<number>;
  kind: string;
  status: Generated<string>;
  node_id: number | null;
  node_path: string | null;
  params: Json;
  cursor: Json | null;
  progress_done: Generated<number>;
  progress_total: number | null;
  result: Json | null;
  error: string | null;
  created_by: number | null;
  created_at: CreatedAt;
  started_at: Date | null;
  heartbeat_at: Date | null;
  finished_at: Date | null;
};

export type HouseholdCaseStepsTable = {
  id: Generated<number>;
  household_id: number;
  action: string;
  step: string;
  from_status: string;
  to_status: string;
  to_step: string;
  opinion: string | null;
  record: Json | null;
  actor_user_id: number | null;
  actor_node_id: number | null;
  at: CreatedAt;
};

export type WorkflowConfigsTable = {
  region_code: string;
  config: Json;
  version: Generated<number>;
  updated_at: Timestamp;
  updated_by: number | null;
};

export type FileNoCountersTable = {
  node_id: number;
  year: number;
  last: number;
};

export type NoticeBatchesTable = {
  id: Generated<number>;
  node_id: number;
  node_path: string;
  title: string;
  unit_name: string;
  contact_phone: string | null;
  starts_on: DateText;
  ends_on: DateText;
  working_days: number;
  status: Generated<string>;
  created_by: number | null;
  created_at: CreatedAt;
  closed_at: Date | null;
  closed_by: number | null;
};

export type NoticeBatchHouseholdsTable = { batch_id: number; household_id: number };

export type NoticeObjectionsTable = {
  id: Generated<number>;
  batch_id: number;
  household_id: number;
  received_on: DateText;
  channel: string | null;
  content: string;
  resolution: string | null;
  upheld: boolean | null;
  resolved_by: number | null;
  resolved_at: Date | null;
  created_by: number | null;
  created_at: CreatedAt;
};

export type WorkerCardsTable = {
  id: Generated<number>;
  household_id: number;
  card_no: string;
  holder_name: string;
  holder_id_number_masked: string | null;
  status: Generated<string>;
  status_reason: string | null;
  issued_on: DateText;
  status_changed_at: Timestamp;
  status_changed_by: number | null;
};

export type WorkerCardEventsTable = {
  id: Generated<number>;
  card_id: number;
  at: CreatedAt;
  from_status: string | null;
  to_status: string;
  reason: string | null;
  actor_user_id: number | null;
};

export type CardNoCountersTable = { region_code: string; year: number; last: number };

export type HouseholdMonthlyIncomesTable = {
  household_id: number;
  /** 'YYYY-MM' */
  month: string;
  income_fen: number;
  member_count: number;
  line_fen: number | null;
  note: string | null;
  recorded_by: number | null;
  recorded_at: Timestamp;
};

export type HouseholdExitsTable = {
  id: Generated<number>;
  household_id: number;
  kind: string;
  reason_code: string;
  reason: string;
  evidence: Json;
  source: Generated<string>;
  review_task_id: number | null;
  status: Generated<string>;
  proposed_by: number | null;
  proposed_at: CreatedAt;
  verified_by: number | null;
  verified_at: Date | null;
  verification: Json | null;
  decided_by: number | null;
  decided_at: Date | null;
  decision_opinion: string | null;
  effective_on: DateText | null;
  version: Generated<number>;
};

export type HouseholdFollowUpsTable = {
  id: Generated<number>;
  household_id: number;
  exit_id: number | null;
  kind: string;
  due_on: DateText;
  done_on: DateText | null;
  done_by: number | null;
  findings: string | null;
  signals: Generated<Json>;
  created_at: CreatedAt;
};

export type RelapseFlagsTable = {
  id: Generated<number>;
  household_id: number;
  signal: string;
  detail: string | null;
  detected_on: DateText;
  follow_up_id: number | null;
  status: Generated<string>;
  resolved_by: number | null;
  resolved_at: Date | null;
  resolution: string | null;
  created_at: CreatedAt;
};

export type ReviewRoundsTable = {
  id: Generated<number>;
  node_id: number;
  node_path: string;
  name: string;
  period_start: DateText;
  period_end: DateText;
  /** numeric(4,3): node-postgres returns it as a string */
  sample_share: string | number;
  sample_seed: string;
  status: Generated<string>;
  task_count: Generated<number>;
  sample_count: Generated<number>;
  opened_by: number | null;
  opened_at: CreatedAt;
  closed_by: number | null;
  closed_at: Date | null;
};

export type ReviewTasksTable = {
  id: Generated<number>;
  round_id: number;
  household_id: number;
  in_sample: boolean;
  sample_rank: string;
  needs_reapplication: boolean;
  status: Generated<string>;
  note: string | null;
  assessment_id: number | null;
  exit_id: number | null;
  done_by: number | null;
  done_at: Date | null;
};

export type HouseholdTransfersTable = {
  id: Generated<number>;
  household_id: number;
  from_node_id: number;
  from_node_path: string;
  to_node_id: number;
  to_node_path: string;
  reason: string;
  note: string | null;
  status: Generated<string>;
  requested_by: number | null;
  requested_at: CreatedAt;
  released_by: number | null;
  released_at: Date | null;
  release_opinion: string | null;
  decided_by: number | null;
  decided_at: Date | null;
  decision_opinion: string | null;
  version: Generated<number>;
};

export type ReportSubmissionsTable = {
  id: Generated<number>;
  node_id: number;
  node_path: string;
  note: string | null;
  up_to_seq: number;
  new_count: number;
  changed_count: number;
  exited_count: number;
  submitted_by: number | null;
  submitted_at: CreatedAt;
};

export type ReportSubmissionItemsTable = {
  submission_id: number;
  household_id: number;
  change: string;
  change_seq: number;
  snapshot: Json;
};

/** An uploaded household import file and its checks (批量导入). */
export type ImportsTable = {
  id: Generated<number>;
  node_id: number;
  node_path: string;
  file_name: string;
  file_path: string;
  file_kind: string;
  file_size: number;
  mode: string;
  status: Generated<string>;
  rows_read: Generated<number>;
  summary: unknown;
  error: string | null;
  job_id: number | null;
  created_by: number | null;
  created_at: CreatedAt;
  validated_at: Timestamp | null;
  heartbeat_at: Timestamp;
};

export type ImportRowsTable = {
  import_id: number;
  seq: number;
  sheet: string;
  row_no: number;
  is_head: boolean;
  head_hash: string;
  person_hash: string | null;
  has_errors: boolean;
  is_repeat: Generated<boolean>;
  payload_enc: string;
};

export type ImportHouseholdsTable = {
  import_id: number;
  seq: number;
  head_hash: string;
  outcome: string;
  household_id: number | null;
  digest: string | null;
  input_enc: string | null;
  category: string | null;
  committed: string | null;
};

export type ImportErrorsTable = {
  id: Generated<number>;
  import_id: number;
  sheet: string;
  row_no: number;
  column_key: string | null;
  column_label: string | null;
  message: string;
};

export type HouseholdImportDigestsTable = {
  household_id: number;
  digest: string;
  version: number;
  import_id: number | null;
};

/** Registry matching (数据比对): an extract matched against a subtree's files. */
export type RegistryRoundsTable = {
  id: Generated<number>;
  kind: string;
  node_id: number;
  node_path: string;
  file_name: string;
  file_kind: string;
  rows_read: Generated<number>;
  rows_rejected: Generated<number>;
  /** Rows read whose ID number was unusable: compared by name and birth date only. */
  rows_id_unusable: Generated<number>;
  matched_by_id: Generated<number>;
  matched_by_score: Generated<number>;
  unmatched: Generated<number>;
  created_by: number | null;
  created_at: CreatedAt;
};

/** A staged extract row: the ID number only as keyed hash and masked copy. */
export type RegistryRowsTable = {
  round_id: number;
  seq: number;
  sheet: string;
  row_no: number;
  id_hash: string | null;
  id_masked: string | null;
  name: string | null;
  name_pinyin: string | null;
  birth_date: DateText | null;
  birth_year: number | null;
  facts: Json;
  finding_kind: string;
  problem: string | null;
  /** `[{column, message}]`: why the row was rejected (column as the extract's header named it). */
  problems: Json | null;
  /** Why the row's ID number was unusable (the row may still match by name and birth). */
  id_problem: string | null;
};

export type RegistryFindingsTable = {
  id: Generated<number>;
  round_id: number;
  row_seq: number;
  household_id: number;
  member_id: number;
  kind: string;
  method: string;
  score: number;
  status: Generated<string>;
  version: Generated<number>;
  decided_by: number | null;
  decided_at: Date | null;
  note: string | null;
  action: Json | null;
  created_at: CreatedAt;
};

export type Database = {
  schema_migrations: SchemaMigrationsTable;
  org_nodes: OrgNodesTable;
  users: UsersTable;
  sessions: SessionsTable;
  audit_log: AuditLogTable;
  policy_rates: PolicyRatesTable;
  policy_versions: PolicyVersionsTable;
  households: HouseholdsTable;
  household_members: HouseholdMembersTable;
  household_incomes: HouseholdItemsTable;
  household_expenditures: HouseholdItemsTable;
  household_exclusions: HouseholdExclusionsTable;
  household_assessments: HouseholdAssessmentsTable;
  household_documents: HouseholdDocumentsTable;
  duplicate_reviews: DuplicateReviewsTable;
  dictionary_items: DictionaryItemsTable;
  jobs: JobsTable;
  household_case_steps: HouseholdCaseStepsTable;
  workflow_configs: WorkflowConfigsTable;
  file_no_counters: FileNoCountersTable;
  notice_batches: NoticeBatchesTable;
  notice_batch_households: NoticeBatchHouseholdsTable;
  notice_objections: NoticeObjectionsTable;
  worker_cards: WorkerCardsTable;
  worker_card_events: WorkerCardEventsTable;
  card_no_counters: CardNoCountersTable;
  household_monthly_incomes: HouseholdMonthlyIncomesTable;
  household_exits: HouseholdExitsTable;
  household_follow_ups: HouseholdFollowUpsTable;
  relapse_flags: RelapseFlagsTable;
  review_rounds: ReviewRoundsTable;
  review_tasks: ReviewTasksTable;
  household_transfers: HouseholdTransfersTable;
  report_submissions: ReportSubmissionsTable;
  report_submission_items: ReportSubmissionItemsTable;
  imports: ImportsTable;
  import_rows: ImportRowsTable;
  import_households: ImportHouseholdsTable;
  import_errors: ImportErrorsTable;
  household_import_digests: HouseholdImportDigestsTable;
  registry_rounds: RegistryRoundsTable;
  registry_rows: RegistryRowsTable;
  registry_findings: RegistryFindingsTable;
};
