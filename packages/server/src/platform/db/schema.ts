/** The database as Kysely sees it. Column types are the same on SQLite and PostgreSQL (see the migration). */
import type { ColumnType, Generated, Insertable, Selectable, SelectType } from 'kysely';

type Json = string; // JSON stored as text on both engines
type Minor = number; // money in integer minor units (bigint, read back as a JS number; safe up to 2^53)

interface RecordColumns {
  status: Generated<string>;
  version: Generated<number>;
  created_at: string;
  updated_at: string;
}

export interface OrgTable {
  id: string;
  name: string;
  time_zone: Generated<string>;
  currency: Generated<string>;
  created_at: string;
}
export interface RegionTable {
  id: string;
  org_id: string;
  name: string;
  parent_id: string | null;
  code: string | null;
  created_at: string;
}
export interface TeamTable {
  id: string;
  org_id: string;
  name: string;
  parent_id: string | null;
  region_id: string | null;
  leader_id: string | null;
  version: Generated<number>;
  created_at: string;
  updated_at: string;
}
export interface UserTable {
  id: string;
  org_id: string;
  name: string;
  email: string;
  phone: string | null;
  phone_normal: string | null;
  role: string;
  team_id: string | null;
  data_scope: string;
  whitelist_region_ids: Generated<Json>;
  whitelist_industries: Generated<Json>;
  locale: Generated<string>;
  password_hash: string;
  failed_logins: Generated<number>;
  locked_until: string | null;
  status: Generated<string>;
  version: Generated<number>;
  created_at: string;
  updated_at: string;
}
export interface SessionTable {
  id: string;
  org_id: string;
  user_id: string;
  token_hash: string;
  csrf_token: string;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
  ip: string | null;
  user_agent: string | null;
  revoked_at: string | null;
}
export interface ApiTokenTable {
  id: string;
  org_id: string;
  user_id: string;
  name: string;
  prefix: string;
  token_hash: string;
  permissions: Json;
  created_at: string;
  expires_at: string | null;
  last_used_at: string | null;
  revoked_at: string | null;
}
export interface CustomerTable extends RecordColumns {
  id: string;
  org_id: string;
  name: string;
  name_normal: string | null;
  industry: string;
  region_id: string | null;
  city: string | null;
  address: string | null;
  size: string;
  budget_band: string;
  decision_chain: string;
  /** A channel partner's rebate tier (B2), or null. */
  partner_tier: ColumnType<string | null, string | null | undefined, string | null>;
  credit_limit_minor: ColumnType<Minor | null, Minor | null, Minor | null>;
  credit_currency: string | null;
  phone: string | null;
  phone_normal: string | null;
  email: string | null;
  email_normal: string | null;
  tags: Generated<Json>;
  owner_id: string;
  team_id: string | null;
  merged_into: string | null;
  search_text: string;
}
export interface ContactTable extends RecordColumns {
  id: string;
  org_id: string;
  customer_id: string;
  name: string;
  title: string | null;
  phone: string | null;
  phone_normal: string | null;
  email: string | null;
  is_decision_maker: Generated<number>;
  search_text: string;
}
export interface LeadTable extends RecordColumns {
  id: string;
  org_id: string;
  name: string;
  company: string | null;
  company_normal: string | null;
  phone: string | null;
  phone_normal: string | null;
  email: string | null;
  email_normal: string | null;
  source: string;
  stage: string;
  industry: string | null;
  region_id: string | null;
  city: string | null;
  customer_id: string | null;
  intent_tags: Generated<Json>;
  first_contact_at: string | null;
  last_activity_at: string;
  owner_id: string;
  team_id: string | null;
  merged_into: string | null;
  search_text: string;
  /** The open next action: the one planned by the lead's latest activity (A4). */
  next_action_kind: string | null;
  next_action_due_at: string | null;
  next_action_note: string | null;
  /** Set by the screening card (A2): hot | warm | cold, and the planned follow-up cadence in days. */
  intent_level: string | null;
  cadence_days: number | null;
}
export interface ActivityTable extends RecordColumns {
  id: string;
  org_id: string;
  kind: string;
  lead_id: string | null;
  customer_id: string | null;
  occurred_at: string;
  duration_minutes: number | null;
  text: string;
  owner_id: string;
  next_action_kind: string | null;
  next_action_due_at: string | null;
  next_action_note: string | null;
  summary: Json | null; // core ActivitySummary
  capture: string | null; // typed | dictated | audio
}
export interface ProductTable extends RecordColumns {
  id: string;
  org_id: string;
  sku: string;
  name: string;
  category: string | null;
  unit: string;
  currency: string;
  list_price_minor: Minor;
  floor_price_minor: Minor;
  search_text: string;
}
export interface PricePolicyTable extends RecordColumns {
  id: string;
  org_id: string;
  name: string;
  product_id: string;
  valid_from: string;
  valid_to: string | null;
  floor_price_minor: Minor | null;
  currency: string | null;
  discount_bands: Generated<Json>;
  search_text: string;
}
export interface AuditLogTable {
  org_id: string;
  seq: number;
  id: string;
  at: string;
  actor_id: string | null;
  actor_kind: string;
  action: string;
  entity_type: string;
  entity_id: string | null;
  before: Json | null;
  after: Json | null;
  prev_hash: string;
  hash: string;
}
/** PostgreSQL: audit entries committed with their write, not yet chained into audit_log (audit/chain.ts sealAudit). */
export interface AuditPendingTable {
  id: string;
  org_id: string;
  at: string;
  actor_id: string | null;
  actor_kind: string;
  action: string;
  entity_type: string;
  entity_id: string | null;
  before: Json | null;
  after: Json | null;
}
export interface IdempotencyKeyTable {
  org_id: string;
  principal_id: string;
  key: string;
  request_hash: string;
  status_code: number;
  response_body: Json;
  created_at: string;
}
export interface EventTable {
  id: string;
  org_id: string;
  type: string;
  subject: string;
  payload: Json;
  created_at: string;
  /** The event's place in the total order, handed out after commit by the sequencer; null until then. */
  position: number | null;
}
export interface EventSequencerTable {
  id: number;
  last_position: number;
}
/** How far every reaction's checkpoint had come at a prune (see the retention migration). */
export interface EventRetentionMarkTable {
  taken_at: string;
  position: number;
}
export interface ReactionCheckpointTable {
  reaction: string;
  position: Generated<number>;
  attempts: Generated<number>;
  retry_at: string | null;
  last_error: string | null;
  updated_at: string;
}
export interface ReactionEffectTable {
  scope: string;
  effect_key: string;
  org_id: string;
  created_at: string;
}
export interface TimerTable {
  org_id: string;
  key: string;
  kind: string;
  due_at: string;
  scheduled_for: string;
  payload: Json;
  revision: string;
  attempts: Generated<number>;
  last_error: string | null;
  created_at: string;
  updated_at: string;
}
export interface DeadLetterTable {
  id: string;
  org_id: string;
  source: string;
  handler: string;
  event_id: string | null;
  event_type: string | null;
  subject: string | null;
  payload: Json | null;
  due_at: string | null;
  attempts: number;
  last_error: string;
  status: Generated<string>;
  failed_at: string;
  resolved_at: string | null;
  resolved_by: string | null;
}

export interface NotificationTable {
  id: string;
  org_id: string;
  recipient_id: string;
  template: string;
  params: Json;
  locale: string;
  title: string;
  body: string;
  link: string | null;
  subject_type: string | null;
  subject_id: string | null;
  created_at: string;
  read_at: string | null;
}
export interface NotificationDeliveryTable {
  id: string;
  org_id: string;
  notification_id: string;
  channel: string;
  target: string;
  status: Generated<string>;
  due_at: string;
  attempts: Generated<number>;
  throttled: Generated<number>;
  last_error: string | null;
  claim: string | null;
  lease_until: string | null;
  sent_at: string | null;
  created_at: string;
  updated_at: string;
}
export interface NotificationSettingsTable {
  user_id: string;
  org_id: string;
  channels: Json;
  quiet_start: string | null;
  quiet_end: string | null;
  updated_at: string;
}
export interface NotificationRobotTable {
  id: string;
  org_id: string;
  kind: string;
  name: string;
  webhook_key: string;
  sign_secret: string | null;
  templates: Json;
  recent_sends: Generated<Json>;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}
export interface WebhookTable {
  id: string;
  org_id: string;
  url: string;
  description: string;
  event_types: Json;
  active: number;
  secret: string;
  version: Generated<number>;
  created_by: string | null;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
}
export interface WebhookDeliveryTable {
  id: string;
  org_id: string;
  webhook_id: string;
  event_id: string;
  event_type: string;
  payload: Json;
  status: string;
  attempts: Generated<number>;
  round_attempts: Generated<number>;
  next_attempt_at: string | null;
  last_status_code: number | null;
  last_error: string | null;
  last_response_ms: number | null;
  delivered_at: string | null;
  claim: string | null;
  lease_until: string | null;
  created_at: string;
  updated_at: string;
}
export interface WebhookAttemptTable {
  id: string;
  org_id: string;
  delivery_id: string;
  attempt: number;
  attempted_at: string;
  outcome: string;
  status_code: number | null;
  response_ms: number;
  response_body: string | null;
  error: string | null;
}
export interface SavedViewTable {
  id: string;
  org_id: string;
  user_id: string;
  list: string;
  name: string;
  query: Json;
  created_at: string;
  updated_at: string;
}

export interface StewardSettingsTable {
  org_id: string;
  settings: Json; // core stewardSettingsSchema
  version: number;
  updated_by: string | null;
  updated_at: string;
}
export interface ScreeningCardTable {
  id: string;
  org_id: string;
  lead_id: string;
  owner_id: string;
  status: string; // open | completed
  opened_at: string;
  remind_at: string;
  reminded_at: string | null;
  completed_at: string | null;
  completed_by: string | null;
  answers: Json;
  version: number;
  created_at: string;
  updated_at: string;
}
export interface TalkTrackTable {
  id: string;
  org_id: string;
  title: string;
  body: string;
  locale: string;
  industries: Json;
  budget_bands: Json;
  decision_chains: Json;
  stages: Json;
  status: Generated<string>;
  version: Generated<number>;
  created_at: string;
  updated_at: string;
  /** the starter-library script it began as (migration 202611270930); null for the company's own */
  starter_key: string | null;
}
export interface TalkTrackFeedbackTable {
  id: string;
  org_id: string;
  talk_track_id: string;
  lead_id: string;
  user_id: string;
  kind: string; // used | helpful | not_helpful
  created_at: string;
}
export interface SilenceAlertTable {
  id: string;
  org_id: string;
  lead_id: string;
  owner_id: string;
  team_id: string | null;
  stage: string;
  silent_since: string;
  threshold_hours: number;
  raised_at: string;
  snapshot: Json;
  suggested_track_id: string | null;
  status: string; // open | resolved
  resolved_at: string | null;
  resolved_by: string | null;
  /** When the rep and managers were told; null while the alert waits in the sweep's notification batch. */
  notified_at: string | null;
}
export interface SilenceSweepMarkTable {
  org_id: string;
  stage: string;
  /** Every lead of this stage last touched at or before this time has been swept. */
  swept_to: string;
  updated_at: string;
}
export interface LeadHealthReportTable {
  id: string;
  org_id: string;
  rep_id: string;
  team_id: string | null;
  week: string; // the report's Friday, YYYY-MM-DD in the company's time zone
  generated_at: string;
  stages: Json;
}

/** Columns every document shares (B1); owner, team, region and industry are its customer's at creation, for scope. */
interface DocumentColumns {
  id: string;
  org_id: string;
  trace_code: string;
  customer_id: string;
  owner_id: string;
  team_id: string | null;
  region_id: string | null;
  industry: string | null;
  status: string;
  currency: string;
  note: string | null;
  created_by: string;
  version: Generated<number>;
  created_at: string;
  updated_at: string;
}
export interface DocumentSettingsTable {
  org_id: string;
  settings: Json; // core documentSettingsSchema
  version: number;
  updated_by: string | null;
  updated_at: string;
}
export interface DocumentCounterTable {
  org_id: string;
  doc_type: string;
  year: number;
  last_value: number;
}
export interface ContractTable extends DocumentColumns {
  title: string;
  total_minor: Minor;
  /** Confirmed receipts allocated to it, net of refunds and voids. */
  paid_minor: Generated<Minor>;
  rebate_bp: Generated<number>;
  payment_terms_days: number;
  /** 0 when the terms forbid shipping before payment in full. */
  shipment_before_payment: Generated<number>;
  submitted_at: string | null;
  signed_at: string | null;
  signed_on: string | null; // YYYY-MM-DD, company time zone
  due_on: string | null;
  checks: Json | null;
}
export interface ContractLineTable {
  id: string;
  org_id: string;
  contract_id: string;
  line_no: number;
  product_id: string;
  quantity: number;
  unit_price_minor: Minor;
  amount_minor: Minor;
  list_price_minor: Minor | null;
  floor_price_minor: Minor | null;
  policy_id: string | null;
}
export interface PurchaseOrderTable extends DocumentColumns {
  contract_id: string;
  amount_minor: Minor;
  ordered_on: string;
  customer_reference: string | null;
}
export interface ReceiptTable extends DocumentColumns {
  amount_minor: Minor;
  received_on: string;
  bank_reference: string | null;
  payer_name: string | null;
  confirmed_by: string | null;
  confirmed_at: string | null;
  confirmed_on: string | null; // YYYY-MM-DD, company time zone
  reversed_at: string | null;
  reversed_on: string | null;
}
export interface ReceiptAllocationTable {
  id: string;
  org_id: string;
  receipt_id: string;
  contract_id: string;
  amount_minor: Minor;
  created_at: string;
}
/** One contract's part of a refund or void of confirmed money (a partial refund is one of several). */
export interface ReceiptReversalTable {
  id: string;
  org_id: string;
  reversal_id: string;
  receipt_id: string;
  contract_id: string;
  kind: 'refund' | 'void';
  amount_minor: Minor;
  reason: string;
  actor_id: string | null;
  reversed_at: string;
  reversed_on: string; // YYYY-MM-DD, company time zone
}
export interface ShipmentTable extends DocumentColumns {
  contract_id: string;
  order_id: string | null;
  planned_on: string;
  carrier: string | null;
  tracking_no: string | null;
  shipped_at: string | null;
  shipped_on: string | null;
  delivered_at: string | null;
}
export interface DocumentTransitionTable {
  id: string;
  org_id: string;
  doc_type: string; // contract | purchase_order | receipt | shipment
  doc_id: string;
  action: string;
  from_status: string | null;
  to_status: string;
  actor_id: string | null;
  reason: string | null;
  at: string;
}
export interface ContractApprovalTable {
  id: string;
  org_id: string;
  contract_id: string;
  round: number;
  step_no: number;
  approver_role: string;
  approver_id: string | null;
  status: string; // waiting | pending | approved | rejected | cancelled
  decided_by: string | null;
  decided_at: string | null;
  comment: string | null;
  overrides: Json | null;
  due_at: string | null;
  created_at: string;
  /** Whether this step may override failed submit checks, fixed from the chain when the step was created. */
  may_override: Generated<number>;
}
export interface SalesFiguresTable {
  org_id: string;
  day: string;
  owner_id: string;
  team_id: string | null;
  region_id: string | null;
  industry: string | null;
  currency: string;
  signed_minor: Minor;
  signed_count: number;
  collected_minor: Minor;
}

export interface CommissionPlanTable {
  id: string;
  org_id: string;
  plan_key: string;
  version: number;
  name: string;
  currency: string;
  period: string;
  effective_from: string;
  effective_to: string | null;
  document: Json;
  source: string;
  created_by: string | null;
  created_at: string;
}
export interface CommissionAssignmentTable {
  id: string;
  org_id: string;
  plan_key: string;
  person_id: string | null;
  team_id: string | null;
  from_on: string;
  to_on: string | null;
  created_by: string | null;
  created_at: string;
}
export interface CommissionQuotaTable {
  org_id: string;
  person_id: string;
  period: string;
  amount_minor: Minor;
}
export interface CommissionCreditSplitTable {
  id: string;
  org_id: string;
  contract_id: string;
  person_id: string | null;
  team_id: string | null;
  share: string;
  overlay: number;
}
export interface CommissionTransactionTable {
  id: string;
  org_id: string;
  kind: string;
  deal_id: string;
  receipt_id: string | null;
  date: string;
  amount_minor: Minor;
  currency: string;
  deal_amount_minor: Minor | null;
  credits: Json;
  refers_to: string | null;
  source_event_id: string;
  created_at: string;
}
export interface CommissionTransactionCreditTable {
  org_id: string;
  transaction_id: string;
  person_id: string;
  role: string;
  date: string;
  credited_minor: Minor;
}
export interface CommissionCreditMonthTable {
  org_id: string;
  person_id: string;
  month: string;
  revenue_minor: Minor;
}
export interface CommissionPeriodTable {
  org_id: string;
  period: string;
  status: string;
  locked_at: string | null;
  locked_by: string | null;
  snapshot: Json | null;
  /** the generation of lines in force (commission_lines shows only its rows); a recalculation that rewrites the period moves it on */
  generation: Generated<number>;
  /** rows of earlier generations are left: the sweep deletes them person by person after this person id ('' = from the first); null = none left */
  retire_after: string | null;
}
export interface CommissionLineTable {
  org_id: string;
  period: string;
  person_id: string;
  line_key: string;
  plan_key: string;
  plan_version: number;
  component_id: string;
  kind: string;
  transaction_id: string | null;
  deal_id: string | null;
  amount_minor: Minor;
  currency: string;
  line: Json;
  digest: string;
  locked: Generated<number>;
  computed_at: string;
}
/** A view's columns: read, never written (an insert into one is a type error, not a surprise on one database only). */
type ViewColumns<T> = { [K in keyof T]: ColumnType<SelectType<T[K]>, never, never> };
/** commission_lines is a view of these rows: those in force (stored-line.ts, inForce). */
export interface CommissionLineRowTable extends CommissionLineTable {
  /** the recalculation that wrote the row; '' when written directly */
  recalculation_id: Generated<string>;
  /** the period's generation the row belongs to (commission_periods.generation) */
  generation: Generated<number>;
}
export interface CommissionStatementTable {
  org_id: string;
  period: string;
  person_id: string;
  plan_key: string | null;
  plan_version: number | null;
  currency: string;
  credited_minor: Minor;
  quota_minor: Minor | null;
  attainment: string | null;
  draw_balance_minor: Minor;
  computed_at: string;
}
export interface CommissionRecalculationTable {
  id: string;
  org_id: string;
  period: string;
  status: string;
  reason: string;
  diff: Json;
  result: Json;
  created_by: string | null;
  created_at: string;
  decided_by: string | null;
  decided_at: string | null;
}

/** A proposal's lines and statements, written when it is accepted (line null: the stored line is removed). */
export interface CommissionRecalculationLineTable {
  recalculation_id: string;
  org_id: string;
  period: string;
  person_id: string;
  line_key: string;
  plan_key: string | null;
  plan_version: number | null;
  component_id: string | null;
  kind: string | null;
  transaction_id: string | null;
  deal_id: string | null;
  amount_minor: Minor | null;
  currency: string | null;
  line: Json | null;
  digest: string | null;
}
export interface CommissionRecalculationStatementTable {
  recalculation_id: string;
  org_id: string;
  period: string;
  person_id: string;
  plan_key: string | null;
  plan_version: number | null;
  currency: string;
  credited_minor: Minor;
  quota_minor: Minor | null;
  attainment: string | null;
  draw_balance_minor: Minor;
}

export interface Database {
  orgs: OrgTable;
  regions: RegionTable;
  teams: TeamTable;
  users: UserTable;
  sessions: SessionTable;
  api_tokens: ApiTokenTable;
  customers: CustomerTable;
  contacts: ContactTable;
  leads: LeadTable;
  activities: ActivityTable;
  products: ProductTable;
  price_policies: PricePolicyTable;
  audit_log: AuditLogTable;
  audit_pending: AuditPendingTable;
  idempotency_keys: IdempotencyKeyTable;
  events: EventTable;
  event_sequencer: EventSequencerTable;
  event_retention_marks: EventRetentionMarkTable;
  reaction_checkpoints: ReactionCheckpointTable;
  reaction_effects: ReactionEffectTable;
  timers: TimerTable;
  dead_letters: DeadLetterTable;
  notifications: NotificationTable;
  notification_deliveries: NotificationDeliveryTable;
  notification_settings: NotificationSettingsTable;
  notification_robots: NotificationRobotTable;
  webhooks: WebhookTable;
  webhook_deliveries: WebhookDeliveryTable;
  webhook_attempts: WebhookAttemptTable;
  saved_views: SavedViewTable;
  steward_settings: StewardSettingsTable;
  screening_cards: ScreeningCardTable;
  talk_tracks: TalkTrackTable;
  talk_track_feedback: TalkTrackFeedbackTable;
  silence_alerts: SilenceAlertTable;
  silence_sweep_marks: SilenceSweepMarkTable;
  lead_health_reports: LeadHealthReportTable;
  document_settings: DocumentSettingsTable;
  document_counters: DocumentCounterTable;
  contracts: ContractTable;
  contract_lines: ContractLineTable;
  purchase_orders: PurchaseOrderTable;
  receipts: ReceiptTable;
  receipt_allocations: ReceiptAllocationTable;
  receipt_reversals: ReceiptReversalTable;
  shipments: ShipmentTable;
  document_transitions: DocumentTransitionTable;
  contract_approvals: ContractApprovalTable;
  sales_figures: SalesFiguresTable;
  commission_plans: CommissionPlanTable;
  commission_assignments: CommissionAssignmentTable;
  commission_quotas: CommissionQuotaTable;
  commission_credit_splits: CommissionCreditSplitTable;
  commission_transactions: CommissionTransactionTable;
  commission_transaction_credits: CommissionTransactionCreditTable;
  commission_credit_months: CommissionCreditMonthTable;
  commission_periods: CommissionPeriodTable;
  /** a view: read lines here, write them in commission_line_rows */
  commission_lines: ViewColumns<CommissionLineTable>;
  commission_line_rows: CommissionLineRowTable;
  commission_statements: CommissionStatementTable;
  commission_recalculations: CommissionRecalculationTable;
  commission_recalculation_lines: CommissionRecalculationLineTable;
  commission_recalculation_statements: CommissionRecalculationStatementTable;
}

export type CustomerRow = Selectable<CustomerTable>;
export type LeadRow = Selectable<LeadTable>;
export type ContactRow = Selectable<ContactTable>;
export type ActivityRow = Selectable<ActivityTable>;
export type ProductRow = Selectable<ProductTable>;
export type PricePolicyRow = Selectable<PricePolicyTable>;
export type UserRow = Selectable<UserTable>;
export type TeamRow = Selectable<TeamTable>;
export type AuditRow = Selectable<AuditLogTable>;
export type NewAuditRow = Insertable<AuditLogTable>;
export type AuditPendingRow = Selectable<AuditPendingTable>;
