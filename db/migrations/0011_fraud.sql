CREATE TABLE "claim_fraud" (
	"run_id" uuid NOT NULL,
	"claim_pk" bigint NOT NULL,
	"score" integer NOT NULL,
	"action" text NOT NULL,
	"reasons" text[] NOT NULL,
	"evidence" jsonb NOT NULL,
	"cluster_id" bigint,
	CONSTRAINT "claim_fraud_run_id_claim_pk_pk" PRIMARY KEY("run_id","claim_pk")
);
--> statement-breakpoint
CREATE TABLE "fraud_clusters" (
	"run_id" uuid NOT NULL,
	"cluster_id" bigint NOT NULL,
	"settlement_id" uuid NOT NULL,
	"size" integer NOT NULL,
	"links" jsonb NOT NULL,
	CONSTRAINT "fraud_clusters_run_id_cluster_id_pk" PRIMARY KEY("run_id","cluster_id")
);
--> statement-breakpoint
CREATE TABLE "fraud_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"settlement_id" uuid NOT NULL,
	"ruleset_version" text NOT NULL,
	"config_version" integer NOT NULL,
	"status" text DEFAULT 'running' NOT NULL,
	"claims_scored" integer DEFAULT 0 NOT NULL,
	"counts" jsonb,
	"progress" jsonb,
	"error" text,
	"actor" text NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "claims" ADD COLUMN "fraud_run_id" uuid;--> statement-breakpoint
ALTER TABLE "claims" ADD COLUMN "fraud_cluster_id" bigint;--> statement-breakpoint
ALTER TABLE "claims" ADD COLUMN "assigned_to" text;--> statement-breakpoint
ALTER TABLE "claim_fraud" ADD CONSTRAINT "claim_fraud_run_id_fraud_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."fraud_runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "claim_fraud" ADD CONSTRAINT "claim_fraud_claim_pk_claims_id_fk" FOREIGN KEY ("claim_pk") REFERENCES "public"."claims"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fraud_clusters" ADD CONSTRAINT "fraud_clusters_run_id_fraud_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."fraud_runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fraud_clusters" ADD CONSTRAINT "fraud_clusters_settlement_id_settlements_id_fk" FOREIGN KEY ("settlement_id") REFERENCES "public"."settlements"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fraud_runs" ADD CONSTRAINT "fraud_runs_settlement_id_settlements_id_fk" FOREIGN KEY ("settlement_id") REFERENCES "public"."settlements"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "claim_fraud_cluster_idx" ON "claim_fraud" USING btree ("run_id","cluster_id");--> statement-breakpoint
CREATE INDEX "claim_fraud_claim_idx" ON "claim_fraud" USING btree ("claim_pk");--> statement-breakpoint
CREATE INDEX "fraud_clusters_size_idx" ON "fraud_clusters" USING btree ("run_id","size");--> statement-breakpoint
CREATE INDEX "fraud_runs_settlement_idx" ON "fraud_runs" USING btree ("settlement_id","started_at");--> statement-breakpoint
CREATE INDEX "claims_fraud_idx" ON "claims" USING btree ("settlement_id","fraud_action","fraud_score");--> statement-breakpoint
CREATE INDEX "claims_fraud_cluster_idx" ON "claims" USING btree ("settlement_id","fraud_cluster_id");