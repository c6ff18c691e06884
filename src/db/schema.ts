import { sql } from 'drizzle-orm';
import { bigint, bigserial, boolean, index, integer, jsonb, pgTable, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import type { StoredConnectorConfig } from '../domain/connector-config.js';
import type { PendingAction } from '../domain/pending-action.js';
import {
  CASE_KINDS,
  CASE_STATUSES,
  CLOCK_CHANNELS,
  OUTBOX_PLATFORMS,
  PLATFORMS,
  PRIORITIES,
  type ClockTable,
  type HandlingDays,
  type Resolution,
  type WeeklyHours,
} from '../domain/types.js';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
/**
 * Time: every instant that code compares with Clock.now() is written from Clock.now(), never
 * from the database's now(): the bot's host and the database's host may disagree, and tests
 * move the Clock. Only `auditCreatedAt` keeps a database default (now()): it records when a
 * row was written, for people reading the table, and no code compares it with anything
 * (shops.created_at, orders.created_at). test/unit/clock-discipline.test.ts keeps it so.
 */
const auditCreatedAt = () => ts('created_at').notNull().defaultNow();
/** Written from the Clock by the code that inserts the row (compared with Clock.now()). */
const createdAt = () => ts('created_at').notNull();

/*
 * Typed text columns: `{ enum }` types the values in TypeScript and changes nothing in the
 * database (still text, no CHECK), so no migration. Rows written by an older or newer version
 * keep their value; code that shows one it does not know falls back to the raw text.
 */
/** Who wrote a case event: a platform user, SellerDesk itself, or intake (the buyer, a marketplace). */
export const CASE_EVENT_SOURCES = [...PLATFORMS, 'system', 'intake'] as const;
export const OUTBOX_OPS = ['post', 'update', 'thread'] as const;
export const OUTBOX_STATES = ['pending', 'sending', 'sent', 'dead', 'cancelled'] as const;

/** A Slack workspace, a Discord guild, or the console. */
export const teams = pgTable('teams', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  platform: text('platform', { enum: PLATFORMS }).notNull().default('console'),
  externalId: text('external_id'),
  timeZone: text('time_zone').notNull().default('UTC'),
  /** Per-team overrides of the response clocks. */
  clocks: jsonb('clocks').$type<Partial<ClockTable>>(),
  settings: jsonb('settings').$type<Record<string, unknown>>().notNull().default({}),
  createdAt: createdAt(),
});

export interface ShopRoutes {
  cases?: string;
  overdue?: string;
  escalations?: string;
  reminders?: string;
}

export const shops = pgTable('shops', {
  id: text('id').primaryKey(),
  teamId: text('team_id')
    .notNull()
    .references(() => teams.id),
  name: text('name').notNull(),
  timeZone: text('time_zone').notNull().default('UTC'),
  businessHours: jsonb('business_hours').$type<WeeklyHours>(),
  holidayCountry: text('holiday_country'),
  handling: jsonb('handling').$type<HandlingDays>().notNull().default({ readyMade: 2, custom: 7 }),
  routes: jsonb('routes').$type<ShopRoutes>().notNull().default({}),
  connector: jsonb('connector').$type<StoredConnectorConfig>().notNull().default({ type: 'manual' }),
  autoCreated: boolean('auto_created').notNull().default(false),
  createdAt: auditCreatedAt(),
});

export interface OrderItem {
  sku?: string;
  title: string;
  quantity: number;
  custom?: boolean;
}

export const orders = pgTable(
  'orders',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    shopId: text('shop_id')
      .notNull()
      .references(() => shops.id),
    externalId: text('external_id').notNull(),
    buyerName: text('buyer_name'),
    buyerId: text('buyer_id'),
    buyerEmail: text('buyer_email'),
    items: jsonb('items').$type<OrderItem[]>().notNull().default([]),
    valueCents: integer('value_cents'),
    currency: text('currency').notNull().default('USD'),
    custom: boolean('custom').notNull().default(false),
    paidAt: ts('paid_at'),
    shipBy: ts('ship_by'),
    shippedAt: ts('shipped_at'),
    carrier: text('carrier'),
    tracking: text('tracking'),
    deliveredAt: ts('delivered_at'),
    insured: boolean('insured').notNull().default(false),
    cancelledAt: ts('cancelled_at'),
    refundedCents: integer('refunded_cents').notNull().default(0),
    /** Set when the overdue scan alerted that this order missed its ship-by: each item alerts once. */
    lateAlertedAt: ts('late_alerted_at'),
    createdAt: auditCreatedAt(),
    /** From the Clock (upsertOrder's `now`). */
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('orders_shop_external_uq').on(t.shopId, t.externalId),
    /**
     * Overdue scan: only unshipped, uncancelled, not-yet-alerted orders are indexed, so a scan
     * reads just the orders that became late since the last one.
     */
    index('orders_late_unalerted_idx')
      .on(t.shipBy)
      .where(sql`${t.shippedAt} IS NULL AND ${t.cancelledAt} IS NULL AND ${t.lateAlertedAt} IS NULL AND ${t.shipBy} IS NOT NULL`),
  ],
);

export const cases = pgTable(
  'cases',
  {
    id: serial('id').primaryKey(),
    shopId: text('shop_id')
      .notNull()
      .references(() => shops.id),
    orderId: bigint('order_id', { mode: 'number' }),
    orderExternalId: text('order_external_id'),
    buyerName: text('buyer_name'),
    buyerId: text('buyer_id'),
    kind: text('kind', { enum: CASE_KINDS }).notNull(),
    clockChannel: text('clock_channel', { enum: CLOCK_CHANNELS }).notNull(),
    status: text('status', { enum: CASE_STATUSES }).notNull().default('open'),
    resolution: jsonb('resolution').$type<Resolution>(),
    priority: text('priority', { enum: PRIORITIES }).notNull().default('normal'),
    flags: jsonb('flags').$type<string[]>().notNull().default([]),
    subject: text('subject'),
    body: text('body'),
    rating: integer('rating'),
    sourceEventId: text('source_event_id'),
    openedAt: ts('opened_at').notNull(),
    targetAt: ts('target_at').notNull(),
    maxAt: ts('max_at').notNull(),
    firstResponseAt: ts('first_response_at'),
    escalatedAt: ts('escalated_at'),
    /** Set when the overdue scan warned about the target / alerted the breach of the maximum: once each. */
    /** Set when triage (classification and automatic escalation rules) has looked at the case. */
    triagedAt: ts('triaged_at'),
    triage: jsonb('triage').$type<Record<string, unknown>>(),
    targetAlertedAt: ts('target_alerted_at'),
    maxAlertedAt: ts('max_alerted_at'),
    resolvedAt: ts('resolved_at'),
    closedAt: ts('closed_at'),
    lastActor: text('last_actor'),
    pendingAction: jsonb('pending_action').$type<PendingAction>(),
    version: integer('version').notNull().default(1),
    /** From the Clock (updateCase's `now`; opened_at at intake). */
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [
    index('cases_shop_status_idx').on(t.shopId, t.status),
    index('cases_buyer_idx').on(t.buyerId, t.openedAt),
    /** Intake's lookup of a buyer's open case, to thread a follow-up message into it. */
    index('cases_active_buyer_idx')
      .on(t.shopId, sql`coalesce(${t.buyerId}, ${t.buyerName})`)
      .where(sql`${t.status} IN ('open', 'acknowledged', 'waiting_on_buyer', 'escalated')`),
    /** Overdue scan: cases still waiting for a first response and not yet alerted for that threshold. */
    index('cases_target_unalerted_idx')
      .on(t.targetAt)
      .where(sql`${t.firstResponseAt} IS NULL AND ${t.targetAlertedAt} IS NULL AND ${t.status} IN ('open', 'escalated')`),
    index('cases_max_unalerted_idx')
      .on(t.maxAt)
      .where(sql`${t.firstResponseAt} IS NULL AND ${t.maxAlertedAt} IS NULL AND ${t.status} IN ('open', 'escalated')`),
    /** The triage worker's queue: only untriaged cases are indexed. */
    index('cases_untriaged_idx')
      .on(t.id)
      .where(sql`${t.triagedAt} IS NULL`),
    index('cases_awaiting_target_idx')
      .on(t.targetAt)
      .where(sql`${t.firstResponseAt} IS NULL AND ${t.status} IN ('open', 'escalated')`),
  ],
);

/** Append-only: who did what to a case, when, from which platform. */
export const caseEvents = pgTable(
  'case_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    caseId: integer('case_id')
      .notNull()
      .references(() => cases.id),
    at: ts('at').notNull(),
    actor: text('actor').notNull(),
    platform: text('platform', { enum: CASE_EVENT_SOURCES }).notNull(),
    type: text('type').notNull(),
    data: jsonb('data').$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [index('case_events_case_idx').on(t.caseId, t.id)],
);

/** Every received event, stored before it is acknowledged. (source, external id) is the dedupe key. */
export const inbox = pgTable(
  'inbox',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    source: text('source').notNull(),
    externalId: text('external_id').notNull(),
    type: text('type').notNull(),
    shopId: text('shop_id'),
    payload: jsonb('payload').notNull(),
    receivedAt: ts('received_at').notNull(),
    processedAt: ts('processed_at'),
    result: jsonb('result').$type<Record<string, unknown>>(),
  },
  (t) => [uniqueIndex('inbox_source_external_uq').on(t.source, t.externalId)],
);

/** Outgoing chat messages. One row per message; a delivery worker claims rows with SKIP LOCKED. */
export const outbox = pgTable(
  'outbox',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    idempotencyKey: text('idempotency_key').notNull(),
    platform: text('platform', { enum: OUTBOX_PLATFORMS }).notNull(),
    channel: text('channel').notNull(),
    op: text('op', { enum: OUTBOX_OPS }).notNull(),
    /** Messages about one case are delivered in order. */
    orderingKey: text('ordering_key'),
    /** For update and thread: the outbox row of the message to edit or reply under. */
    parentId: bigint('parent_id', { mode: 'number' }),
    caseId: integer('case_id'),
    payload: jsonb('payload').notNull(),
    state: text('state', { enum: OUTBOX_STATES }).notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    /** From the Clock: the delivery worker compares it with Clock.now(). */
    nextAttemptAt: ts('next_attempt_at').notNull(),
    lockedUntil: ts('locked_until'),
    lastError: text('last_error'),
    messageRef: text('message_ref'),
    createdAt: createdAt(),
    sentAt: ts('sent_at'),
  },
  (t) => [
    uniqueIndex('outbox_idempotency_uq').on(t.idempotencyKey),
    index('outbox_due_idx')
      .on(t.nextAttemptAt, t.id)
      .where(sql`${t.state} = 'pending'`),
    index('outbox_parent_idx').on(t.parentId),
    /** Leases of senders that died mid-send: only rows being sent are indexed. */
    index('outbox_sending_idx')
      .on(t.lockedUntil)
      .where(sql`${t.state} = 'sending'`),
    index('outbox_case_idx').on(t.caseId, t.op),
  ],
);

/** Shared per-channel pacing, so several replicas together respect a platform's rate limit. */
export const channelPace = pgTable('channel_pace', {
  key: text('key').primaryKey(),
  nextAt: ts('next_at').notNull(),
  pausedUntil: ts('paused_until'),
});

/** Claims that make a scheduled job or an alert happen once: (kind, key) unique. */
export const onceClaims = pgTable(
  'once_claims',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    kind: text('kind').notNull(),
    key: text('key').notNull(),
    claimedAt: ts('claimed_at').notNull(),
    data: jsonb('data').$type<Record<string, unknown>>(),
  },
  (t) => [uniqueIndex('once_claims_kind_key_uq').on(t.kind, t.key)],
);

/**
 * One row per configured IMAP mailbox (src/mail/watcher.ts): where reading has got to
 * (UIDVALIDITY and the last UID handed on) and which replica holds the mailbox (a lease that
 * runs out on the Clock; another replica takes over when the holder stops renewing it). The
 * cursor only moves under the lease, so a restart or a second replica never reads a mail twice
 * or skips one.
 */
export const mailboxState = pgTable('mailbox_state', {
  /** The mailbox's id in the config file. */
  mailboxId: text('mailbox_id').primaryKey(),
  /** The folder's UIDVALIDITY when the cursor was set; null until the first contact. */
  uidValidity: bigint('uid_validity', { mode: 'number' }),
  /** The highest UID handed on (and marked \Seen); 0 before the first. */
  lastUid: bigint('last_uid', { mode: 'number' }).notNull().default(0),
  /** The folder's UIDNEXT at first contact: older mail already \Seen is not read (initialSync "unseen"). */
  attachUidNext: bigint('attach_uid_next', { mode: 'number' }).notNull().default(0),
  leaseHolder: text('lease_holder'),
  /** From the Clock: the holder renews it; past it, another replica may take the mailbox. */
  leaseUntil: ts('lease_until'),
  /** From the Clock: when the cursor was last reset by a UIDVALIDITY change. */
  uidValidityChangedAt: ts('uid_validity_changed_at'),
  /** From the Clock. */
  updatedAt: ts('updated_at').notNull(),
});
