CREATE TYPE "public"."claim_decision" AS ENUM('approve', 'deny', 'request_info');--> statement-breakpoint
CREATE TABLE "settlement_config_versions" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"settlement_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"config" jsonb NOT NULL,
	"changes" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"actor" text NOT NULL,
	"reason" text,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "claim_decisions" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"settlement_id" uuid NOT NULL,
	"claim_pk" bigint NOT NULL,
	"decision" "claim_decision" NOT NULL,
	"reason_codes" text[] DEFAULT '{}'::text[] NOT NULL,
	"decided_by" text NOT NULL,
	"second_approver" text,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "claim_stats" (
	"settlement_id" uuid NOT NULL,
	"day" date NOT NULL,
	"status" "claim_status" NOT NULL,
	"tier" text NOT NULL,
	"channel" "channel" NOT NULL,
	"late" boolean NOT NULL,
	"claims" bigint DEFAULT 0 NOT NULL,
	"units" bigint DEFAULT 0 NOT NULL,
	"unitless" bigint DEFAULT 0 NOT NULL,
	"shard" smallint DEFAULT 0 NOT NULL,
	CONSTRAINT "claim_stats_settlement_id_day_status_tier_channel_late_shard_pk" PRIMARY KEY("settlement_id","day","status","tier","channel","late","shard")
);
--> statement-breakpoint
CREATE TABLE "claim_verifications" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"settlement_id" uuid NOT NULL,
	"claim_pk" bigint NOT NULL,
	"status" text NOT NULL,
	"matched_record_id" text,
	"via" text,
	"reason_codes" text[] DEFAULT '{}'::text[] NOT NULL,
	"config_version" integer NOT NULL,
	"tier" text NOT NULL,
	"units" bigint,
	"trigger" text NOT NULL,
	"actor" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sign_in_counts" (
	"window_start" timestamp with time zone NOT NULL,
	"kind" text NOT NULL,
	"count" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "sign_in_counts_window_start_kind_pk" PRIMARY KEY("window_start","kind")
);
--> statement-breakpoint
CREATE TABLE "staff_sessions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"staff_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone,
	"revoked_reason" text
);
--> statement-breakpoint
ALTER TABLE "claim_events" ALTER COLUMN "status" SET DATA TYPE text;--> statement-breakpoint
ALTER TABLE "claim_stats" ALTER COLUMN "status" SET DATA TYPE text;--> statement-breakpoint
ALTER TABLE "claims" ALTER COLUMN "status" SET DATA TYPE text;--> statement-breakpoint
ALTER TABLE "claims" ALTER COLUMN "status" SET DEFAULT 'received'::text;--> statement-breakpoint
DROP TYPE "public"."claim_status";--> statement-breakpoint
CREATE TYPE "public"."claim_status" AS ENUM('received', 'under_review', 'deficient', 'approved', 'denied', 'withdrawn');--> statement-breakpoint
ALTER TABLE "claim_events" ALTER COLUMN "status" SET DATA TYPE "public"."claim_status" USING "status"::"public"."claim_status";--> statement-breakpoint
ALTER TABLE "claim_stats" ALTER COLUMN "status" SET DATA TYPE "public"."claim_status" USING "status"::"public"."claim_status";--> statement-breakpoint
ALTER TABLE "claims" ALTER COLUMN "status" SET DEFAULT 'received'::"public"."claim_status";--> statement-breakpoint
ALTER TABLE "claims" ALTER COLUMN "status" SET DATA TYPE "public"."claim_status" USING "status"::"public"."claim_status";--> statement-breakpoint
DROP INDEX "claims_status_idx";--> statement-breakpoint
DROP INDEX "claims_submitted_idx";--> statement-breakpoint
ALTER TABLE "claim_events" ALTER COLUMN "claim_pk" SET DATA TYPE bigint;--> statement-breakpoint
ALTER TABLE "claims" ALTER COLUMN "units" SET DATA TYPE bigint;--> statement-breakpoint
ALTER TABLE "deficiencies" ALTER COLUMN "claim_pk" SET DATA TYPE bigint;--> statement-breakpoint
ALTER TABLE "settlements" ADD COLUMN "config_version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "claims" ADD COLUMN "requested_tier" text;--> statement-breakpoint
ALTER TABLE "claims" ADD COLUMN "config_version" integer;--> statement-breakpoint
ALTER TABLE "audit_log" ADD COLUMN "chain_seq" bigint;--> statement-breakpoint
ALTER TABLE "settlement_config_versions" ADD CONSTRAINT "settlement_config_versions_settlement_id_settlements_id_fk" FOREIGN KEY ("settlement_id") REFERENCES "public"."settlements"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "claim_decisions" ADD CONSTRAINT "claim_decisions_settlement_id_settlements_id_fk" FOREIGN KEY ("settlement_id") REFERENCES "public"."settlements"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "claim_decisions" ADD CONSTRAINT "claim_decisions_claim_pk_claims_id_fk" FOREIGN KEY ("claim_pk") REFERENCES "public"."claims"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "claim_stats" ADD CONSTRAINT "claim_stats_settlement_id_settlements_id_fk" FOREIGN KEY ("settlement_id") REFERENCES "public"."settlements"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "claim_verifications" ADD CONSTRAINT "claim_verifications_settlement_id_settlements_id_fk" FOREIGN KEY ("settlement_id") REFERENCES "public"."settlements"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "claim_verifications" ADD CONSTRAINT "claim_verifications_claim_pk_claims_id_fk" FOREIGN KEY ("claim_pk") REFERENCES "public"."claims"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "staff_sessions" ADD CONSTRAINT "staff_sessions_staff_id_staff_users_id_fk" FOREIGN KEY ("staff_id") REFERENCES "public"."staff_users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "settlement_config_versions_uq" ON "settlement_config_versions" USING btree ("settlement_id","version");--> statement-breakpoint
CREATE INDEX "claim_decisions_claim_idx" ON "claim_decisions" USING btree ("claim_pk","id");--> statement-breakpoint
CREATE INDEX "claim_verifications_claim_idx" ON "claim_verifications" USING btree ("claim_pk","id");--> statement-breakpoint
CREATE INDEX "staff_sessions_staff_idx" ON "staff_sessions" USING btree ("staff_id");--> statement-breakpoint
ALTER TABLE "claim_events" ADD CONSTRAINT "claim_events_settlement_id_settlements_id_fk" FOREIGN KEY ("settlement_id") REFERENCES "public"."settlements"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "claim_events" ADD CONSTRAINT "claim_events_claim_pk_claims_id_fk" FOREIGN KEY ("claim_pk") REFERENCES "public"."claims"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deficiencies" ADD CONSTRAINT "deficiencies_settlement_id_settlements_id_fk" FOREIGN KEY ("settlement_id") REFERENCES "public"."settlements"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deficiencies" ADD CONSTRAINT "deficiencies_claim_pk_claims_id_fk" FOREIGN KEY ("claim_pk") REFERENCES "public"."claims"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "deficiencies_open_idx" ON "deficiencies" USING btree ("settlement_id") WHERE "deficiencies"."cured_at" is null;--> statement-breakpoint
CREATE INDEX "objections_submitted_idx" ON "objections" USING btree ("settlement_id","submitted_at");--> statement-breakpoint
CREATE INDEX "opt_outs_submitted_idx" ON "opt_outs" USING btree ("settlement_id","submitted_at");--> statement-breakpoint
CREATE UNIQUE INDEX "audit_chain_seq_idx" ON "audit_log" USING btree (coalesce("settlement_id", '00000000-0000-0000-0000-000000000000'::uuid),"chain_seq") WHERE "audit_log"."chain_seq" is not null;--> statement-breakpoint
CREATE INDEX "claims_status_idx" ON "claims" USING btree ("settlement_id","status","submitted_at","id");--> statement-breakpoint
CREATE INDEX "claims_submitted_idx" ON "claims" USING btree ("settlement_id","submitted_at","id");--> statement-breakpoint
ALTER TABLE "staff_users" DROP COLUMN "locked_until";