CREATE TABLE "claim_identifiers" (
	"claim_pk" bigint NOT NULL,
	"settlement_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"hash" text NOT NULL,
	CONSTRAINT "claim_identifiers_claim_pk_kind_hash_pk" PRIMARY KEY("claim_pk","kind","hash")
);
--> statement-breakpoint
CREATE TABLE "claim_match_state" (
	"claim_pk" bigint PRIMARY KEY NOT NULL,
	"settlement_id" uuid NOT NULL,
	"identifiers_at" timestamp with time zone DEFAULT now() NOT NULL,
	"verified_at" timestamp with time zone,
	"config_version" integer,
	"status" text,
	"record_id" text
);
--> statement-breakpoint
CREATE TABLE "match_reviews" (
	"claim_pk" bigint NOT NULL,
	"settlement_id" uuid NOT NULL,
	"record_id" text NOT NULL,
	"decision" text NOT NULL,
	"actor" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "match_reviews_claim_pk_record_id_pk" PRIMARY KEY("claim_pk","record_id")
);
--> statement-breakpoint
CREATE TABLE "verification_runs" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"settlement_id" uuid NOT NULL,
	"config_version" integer NOT NULL,
	"actor" text NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	"counts" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
ALTER TABLE "claim_identifiers" ADD CONSTRAINT "claim_identifiers_claim_pk_claims_id_fk" FOREIGN KEY ("claim_pk") REFERENCES "public"."claims"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "claim_identifiers" ADD CONSTRAINT "claim_identifiers_settlement_id_settlements_id_fk" FOREIGN KEY ("settlement_id") REFERENCES "public"."settlements"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "claim_match_state" ADD CONSTRAINT "claim_match_state_claim_pk_claims_id_fk" FOREIGN KEY ("claim_pk") REFERENCES "public"."claims"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "claim_match_state" ADD CONSTRAINT "claim_match_state_settlement_id_settlements_id_fk" FOREIGN KEY ("settlement_id") REFERENCES "public"."settlements"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "match_reviews" ADD CONSTRAINT "match_reviews_claim_pk_claims_id_fk" FOREIGN KEY ("claim_pk") REFERENCES "public"."claims"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "match_reviews" ADD CONSTRAINT "match_reviews_settlement_id_settlements_id_fk" FOREIGN KEY ("settlement_id") REFERENCES "public"."settlements"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "verification_runs" ADD CONSTRAINT "verification_runs_settlement_id_settlements_id_fk" FOREIGN KEY ("settlement_id") REFERENCES "public"."settlements"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "claim_identifiers_hash_idx" ON "claim_identifiers" USING btree ("settlement_id","kind","hash");--> statement-breakpoint
CREATE INDEX "claim_match_state_settlement_idx" ON "claim_match_state" USING btree ("settlement_id","claim_pk");--> statement-breakpoint
CREATE INDEX "claim_match_state_record_idx" ON "claim_match_state" USING btree ("settlement_id","record_id");--> statement-breakpoint
CREATE INDEX "verification_runs_settlement_idx" ON "verification_runs" USING btree ("settlement_id","id");