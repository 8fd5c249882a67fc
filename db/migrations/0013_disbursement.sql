CREATE TABLE "disbursement_imports" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"settlement_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"file_name" text NOT NULL,
	"sha256" text NOT NULL,
	"rows" integer NOT NULL,
	"applied" jsonb NOT NULL,
	"actor" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "disbursements" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"settlement_id" uuid NOT NULL,
	"run_id" uuid NOT NULL,
	"rail" text NOT NULL,
	"batch_no" integer NOT NULL,
	"status" text DEFAULT 'queued' NOT NULL,
	"payments" integer NOT NULL,
	"amount_cents" bigint NOT NULL,
	"files" jsonb NOT NULL,
	"content" text NOT NULL,
	"rail_config" jsonb NOT NULL,
	"effective_date" date,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"written_at" timestamp with time zone,
	"written_to" text
);
--> statement-breakpoint
CREATE TABLE "payment_attempts" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"settlement_id" uuid NOT NULL,
	"run_id" uuid NOT NULL,
	"claim_pk" bigint NOT NULL,
	"attempt" smallint NOT NULL,
	"rail" text NOT NULL,
	"method" text NOT NULL,
	"payment_hash" text,
	"disbursement_id" uuid,
	"idempotency_key" text NOT NULL,
	"amount_cents" bigint NOT NULL,
	"state" text DEFAULT 'queued' NOT NULL,
	"reference_seq" bigint NOT NULL,
	"reference" text NOT NULL,
	"rail_ref" text,
	"result_code" text,
	"issued_on" date,
	"unspent_cents" bigint,
	"stale_on" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "payment_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"settlement_id" uuid NOT NULL,
	"run_id" uuid NOT NULL,
	"claim_pk" bigint NOT NULL,
	"attempt_id" bigint,
	"from_state" text NOT NULL,
	"to_state" text NOT NULL,
	"code" text,
	"note" text,
	"actor" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "disbursement_imports" ADD CONSTRAINT "disbursement_imports_settlement_id_settlements_id_fk" FOREIGN KEY ("settlement_id") REFERENCES "public"."settlements"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "disbursements" ADD CONSTRAINT "disbursements_settlement_id_settlements_id_fk" FOREIGN KEY ("settlement_id") REFERENCES "public"."settlements"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "disbursements" ADD CONSTRAINT "disbursements_run_id_payout_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."payout_runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_attempts" ADD CONSTRAINT "payment_attempts_settlement_id_settlements_id_fk" FOREIGN KEY ("settlement_id") REFERENCES "public"."settlements"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_attempts" ADD CONSTRAINT "payment_attempts_claim_pk_claims_id_fk" FOREIGN KEY ("claim_pk") REFERENCES "public"."claims"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_attempts" ADD CONSTRAINT "payment_attempts_disbursement_id_disbursements_id_fk" FOREIGN KEY ("disbursement_id") REFERENCES "public"."disbursements"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_attempts" ADD CONSTRAINT "payment_attempts_payment_fk" FOREIGN KEY ("run_id","claim_pk") REFERENCES "public"."payments"("run_id","claim_pk") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_events" ADD CONSTRAINT "payment_events_settlement_id_settlements_id_fk" FOREIGN KEY ("settlement_id") REFERENCES "public"."settlements"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "disbursement_imports_file_uq" ON "disbursement_imports" USING btree ("settlement_id","kind","sha256");--> statement-breakpoint
CREATE UNIQUE INDEX "disbursements_batch_uq" ON "disbursements" USING btree ("settlement_id","rail","batch_no");--> statement-breakpoint
CREATE INDEX "disbursements_run_idx" ON "disbursements" USING btree ("run_id","rail");--> statement-breakpoint
CREATE UNIQUE INDEX "payment_attempts_attempt_uq" ON "payment_attempts" USING btree ("run_id","claim_pk","attempt");--> statement-breakpoint
CREATE UNIQUE INDEX "payment_attempts_key_uq" ON "payment_attempts" USING btree ("idempotency_key");--> statement-breakpoint
CREATE UNIQUE INDEX "payment_attempts_reference_uq" ON "payment_attempts" USING btree ("settlement_id","rail","reference");--> statement-breakpoint
CREATE UNIQUE INDEX "payment_attempts_live_uq" ON "payment_attempts" USING btree ("run_id","claim_pk") WHERE state in ('queued', 'submitted', 'paid');--> statement-breakpoint
CREATE INDEX "payment_attempts_disbursement_idx" ON "payment_attempts" USING btree ("disbursement_id");--> statement-breakpoint
CREATE INDEX "payment_events_payment_idx" ON "payment_events" USING btree ("run_id","claim_pk","id");