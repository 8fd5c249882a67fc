DROP INDEX "claims_status_idx";--> statement-breakpoint
DROP INDEX "claims_submitted_idx";--> statement-breakpoint
ALTER TABLE "audit_log" ADD COLUMN "chain_seq" bigint;--> statement-breakpoint
CREATE UNIQUE INDEX "audit_chain_seq_idx" ON "audit_log" USING btree (coalesce("settlement_id", '00000000-0000-0000-0000-000000000000'::uuid),"chain_seq") WHERE "audit_log"."chain_seq" is not null;--> statement-breakpoint
CREATE INDEX "claims_status_idx" ON "claims" USING btree ("settlement_id","status","submitted_at","id");--> statement-breakpoint
CREATE INDEX "claims_submitted_idx" ON "claims" USING btree ("settlement_id","submitted_at","id");