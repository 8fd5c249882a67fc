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
DROP INDEX "claims_status_idx";--> statement-breakpoint
DROP INDEX "claims_submitted_idx";--> statement-breakpoint
ALTER TABLE "audit_log" ADD COLUMN "chain_seq" bigint;--> statement-breakpoint
ALTER TABLE "staff_sessions" ADD CONSTRAINT "staff_sessions_staff_id_staff_users_id_fk" FOREIGN KEY ("staff_id") REFERENCES "public"."staff_users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "staff_sessions_staff_idx" ON "staff_sessions" USING btree ("staff_id");--> statement-breakpoint
CREATE UNIQUE INDEX "audit_chain_seq_idx" ON "audit_log" USING btree (coalesce("settlement_id", '00000000-0000-0000-0000-000000000000'::uuid),"chain_seq") WHERE "audit_log"."chain_seq" is not null;--> statement-breakpoint
CREATE INDEX "claims_status_idx" ON "claims" USING btree ("settlement_id","status","submitted_at","id");--> statement-breakpoint
CREATE INDEX "claims_submitted_idx" ON "claims" USING btree ("settlement_id","submitted_at","id");--> statement-breakpoint
ALTER TABLE "staff_users" DROP COLUMN "locked_until";