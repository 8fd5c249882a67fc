CREATE TABLE "claim_signals" (
	"claim_pk" bigint PRIMARY KEY NOT NULL,
	"settlement_id" uuid NOT NULL,
	"address_hash" text,
	"building_hash" text,
	"unit_hash" text,
	"ip_net_hash" text,
	"ua_hash" text,
	"payout_own" boolean DEFAULT true NOT NULL,
	"payout_identity_hash" text,
	"disposable_email" boolean DEFAULT false NOT NULL,
	"computed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "fraud_features" (
	"run_id" uuid NOT NULL,
	"claim_pk" bigint NOT NULL,
	"payout_n" integer DEFAULT 1 NOT NULL,
	"payout_one_address" boolean DEFAULT true NOT NULL,
	"email_n" integer DEFAULT 1 NOT NULL,
	"email_rank" integer DEFAULT 1 NOT NULL,
	"email_members" integer DEFAULT 1 NOT NULL,
	"phone_n" integer DEFAULT 1 NOT NULL,
	"phone_rank" integer DEFAULT 1 NOT NULL,
	"phone_one_address" boolean DEFAULT true NOT NULL,
	"record_n" integer DEFAULT 1 NOT NULL,
	"record_rank" integer DEFAULT 1 NOT NULL,
	"record_one_payout" boolean DEFAULT true NOT NULL,
	"payout_is_member" boolean DEFAULT false NOT NULL,
	"device_n" integer DEFAULT 1 NOT NULL,
	"building_n" integer DEFAULT 1 NOT NULL,
	"building_units_differ" boolean DEFAULT false NOT NULL,
	"ip_window_n" integer DEFAULT 1 NOT NULL,
	"ua_window_n" integer DEFAULT 1 NOT NULL,
	"cluster_id" bigint,
	CONSTRAINT "fraud_features_run_id_claim_pk_pk" PRIMARY KEY("run_id","claim_pk")
);
--> statement-breakpoint
ALTER TABLE "claim_signals" ADD CONSTRAINT "claim_signals_claim_pk_claims_id_fk" FOREIGN KEY ("claim_pk") REFERENCES "public"."claims"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "claim_signals" ADD CONSTRAINT "claim_signals_settlement_id_settlements_id_fk" FOREIGN KEY ("settlement_id") REFERENCES "public"."settlements"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fraud_features" ADD CONSTRAINT "fraud_features_run_id_fraud_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."fraud_runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "claim_signals_settlement_idx" ON "claim_signals" USING btree ("settlement_id","claim_pk");