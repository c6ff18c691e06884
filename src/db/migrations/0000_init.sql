CREATE TABLE "case_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"case_id" integer NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"actor" text NOT NULL,
	"platform" text NOT NULL,
	"type" text NOT NULL,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "cases" (
	"id" serial PRIMARY KEY NOT NULL,
	"shop_id" text NOT NULL,
	"order_id" bigint,
	"order_external_id" text,
	"buyer_name" text,
	"buyer_id" text,
	"kind" text NOT NULL,
	"clock_channel" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"resolution" jsonb,
	"priority" text DEFAULT 'normal' NOT NULL,
	"flags" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"subject" text,
	"body" text,
	"rating" integer,
	"source_event_id" text,
	"opened_at" timestamp with time zone NOT NULL,
	"target_at" timestamp with time zone NOT NULL,
	"max_at" timestamp with time zone NOT NULL,
	"first_response_at" timestamp with time zone,
	"escalated_at" timestamp with time zone,
	"triaged_at" timestamp with time zone,
	"triage" jsonb,
	"target_alerted_at" timestamp with time zone,
	"max_alerted_at" timestamp with time zone,
	"resolved_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"last_actor" text,
	"pending_action" jsonb,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "channel_pace" (
	"key" text PRIMARY KEY NOT NULL,
	"next_at" timestamp with time zone NOT NULL,
	"paused_until" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "inbox" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"source" text NOT NULL,
	"external_id" text NOT NULL,
	"type" text NOT NULL,
	"shop_id" text,
	"payload" jsonb NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"processed_at" timestamp with time zone,
	"result" jsonb
);
--> statement-breakpoint
CREATE TABLE "once_claims" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"key" text NOT NULL,
	"claimed_at" timestamp with time zone NOT NULL,
	"data" jsonb
);
--> statement-breakpoint
CREATE TABLE "orders" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"shop_id" text NOT NULL,
	"external_id" text NOT NULL,
	"buyer_name" text,
	"buyer_id" text,
	"buyer_email" text,
	"items" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"value_cents" integer,
	"currency" text DEFAULT 'USD' NOT NULL,
	"custom" boolean DEFAULT false NOT NULL,
	"paid_at" timestamp with time zone,
	"ship_by" timestamp with time zone,
	"shipped_at" timestamp with time zone,
	"carrier" text,
	"tracking" text,
	"delivered_at" timestamp with time zone,
	"insured" boolean DEFAULT false NOT NULL,
	"cancelled_at" timestamp with time zone,
	"refunded_cents" integer DEFAULT 0 NOT NULL,
	"late_alerted_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "outbox" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"idempotency_key" text NOT NULL,
	"platform" text NOT NULL,
	"channel" text NOT NULL,
	"op" text NOT NULL,
	"ordering_key" text,
	"parent_id" bigint,
	"case_id" integer,
	"payload" jsonb NOT NULL,
	"state" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"locked_until" timestamp with time zone,
	"last_error" text,
	"message_ref" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "shops" (
	"id" text PRIMARY KEY NOT NULL,
	"team_id" text NOT NULL,
	"name" text NOT NULL,
	"time_zone" text DEFAULT 'UTC' NOT NULL,
	"business_hours" jsonb,
	"holiday_country" text,
	"handling" jsonb DEFAULT '{"readyMade":2,"custom":7}'::jsonb NOT NULL,
	"routes" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"connector" jsonb DEFAULT '{"type":"manual"}'::jsonb NOT NULL,
	"auto_created" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "teams" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"platform" text DEFAULT 'console' NOT NULL,
	"external_id" text,
	"time_zone" text DEFAULT 'UTC' NOT NULL,
	"clocks" jsonb,
	"settings" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "case_events" ADD CONSTRAINT "case_events_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_shop_id_shops_id_fk" FOREIGN KEY ("shop_id") REFERENCES "public"."shops"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_shop_id_shops_id_fk" FOREIGN KEY ("shop_id") REFERENCES "public"."shops"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shops" ADD CONSTRAINT "shops_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "case_events_case_idx" ON "case_events" USING btree ("case_id","id");--> statement-breakpoint
CREATE INDEX "cases_shop_status_idx" ON "cases" USING btree ("shop_id","status");--> statement-breakpoint
CREATE INDEX "cases_buyer_idx" ON "cases" USING btree ("buyer_id","opened_at");--> statement-breakpoint
CREATE INDEX "cases_active_buyer_idx" ON "cases" USING btree ("shop_id",coalesce("buyer_id", "buyer_name")) WHERE "cases"."status" IN ('open', 'acknowledged', 'waiting_on_buyer', 'escalated');--> statement-breakpoint
CREATE INDEX "cases_target_unalerted_idx" ON "cases" USING btree ("target_at") WHERE "cases"."first_response_at" IS NULL AND "cases"."target_alerted_at" IS NULL AND "cases"."status" IN ('open', 'escalated');--> statement-breakpoint
CREATE INDEX "cases_max_unalerted_idx" ON "cases" USING btree ("max_at") WHERE "cases"."first_response_at" IS NULL AND "cases"."max_alerted_at" IS NULL AND "cases"."status" IN ('open', 'escalated');--> statement-breakpoint
CREATE INDEX "cases_untriaged_idx" ON "cases" USING btree ("id") WHERE "cases"."triaged_at" IS NULL;--> statement-breakpoint
CREATE INDEX "cases_awaiting_target_idx" ON "cases" USING btree ("target_at") WHERE "cases"."first_response_at" IS NULL AND "cases"."status" IN ('open', 'escalated');--> statement-breakpoint
CREATE UNIQUE INDEX "inbox_source_external_uq" ON "inbox" USING btree ("source","external_id");--> statement-breakpoint
CREATE UNIQUE INDEX "once_claims_kind_key_uq" ON "once_claims" USING btree ("kind","key");--> statement-breakpoint
CREATE UNIQUE INDEX "orders_shop_external_uq" ON "orders" USING btree ("shop_id","external_id");--> statement-breakpoint
CREATE INDEX "orders_late_unalerted_idx" ON "orders" USING btree ("ship_by") WHERE "orders"."shipped_at" IS NULL AND "orders"."cancelled_at" IS NULL AND "orders"."late_alerted_at" IS NULL AND "orders"."ship_by" IS NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "outbox_idempotency_uq" ON "outbox" USING btree ("idempotency_key");--> statement-breakpoint
CREATE INDEX "outbox_due_idx" ON "outbox" USING btree ("next_attempt_at","id") WHERE "outbox"."state" = 'pending';--> statement-breakpoint
CREATE INDEX "outbox_parent_idx" ON "outbox" USING btree ("parent_id");--> statement-breakpoint
CREATE INDEX "outbox_sending_idx" ON "outbox" USING btree ("locked_until") WHERE "outbox"."state" = 'sending';--> statement-breakpoint
CREATE INDEX "outbox_case_idx" ON "outbox" USING btree ("case_id","op");