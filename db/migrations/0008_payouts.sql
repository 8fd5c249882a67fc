CREATE TABLE "payments" (
	"run_id" uuid NOT NULL,
	"claim_pk" bigint NOT NULL,
	"round" smallint NOT NULL,
	"amount_cents" bigint NOT NULL,
	"units" bigint NOT NULL,
	"tier" text NOT NULL,
	"payment_method" text NOT NULL,
	"state" text DEFAULT 'pending' NOT NULL,
	"idempotency_key" text GENERATED ALWAYS AS (md5('payment:' || run_id::text || ':' || claim_pk::text || ':' || round::text)) STORED,
	CONSTRAINT "payments_run_id_claim_pk_pk" PRIMARY KEY("run_id","claim_pk")
);
--> statement-breakpoint
CREATE TABLE "payout_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"settlement_id" uuid NOT NULL,
	"round" integer DEFAULT 1 NOT NULL,
	"source_amount_cents" bigint,
	"status" text DEFAULT 'draft' NOT NULL,
	"phase" text DEFAULT 'computing' NOT NULL,
	"plan" jsonb NOT NULL,
	"config_version" integer NOT NULL,
	"inputs_hash" text,
	"code_version" text NOT NULL,
	"distributable_cents" bigint NOT NULL,
	"allocated_cents" bigint,
	"residue_cents" bigint,
	"claims" integer,
	"allocation" jsonb,
	"totals" jsonb,
	"progress" jsonb,
	"error" text,
	"created_by" text NOT NULL,
	"approved_by" text,
	"locked_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"computed_at" timestamp with time zone,
	"approved_at" timestamp with time zone,
	"locked_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_run_id_payout_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."payout_runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_claim_pk_claims_id_fk" FOREIGN KEY ("claim_pk") REFERENCES "public"."claims"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payout_runs" ADD CONSTRAINT "payout_runs_settlement_id_settlements_id_fk" FOREIGN KEY ("settlement_id") REFERENCES "public"."settlements"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "payments_claim_idx" ON "payments" USING btree ("claim_pk");--> statement-breakpoint
CREATE INDEX "payout_runs_settlement_idx" ON "payout_runs" USING btree ("settlement_id","created_at");