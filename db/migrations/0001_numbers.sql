DROP INDEX "claims_status_idx";--> statement-breakpoint
DROP INDEX "claims_submitted_idx";--> statement-breakpoint
CREATE INDEX "claims_status_idx" ON "claims" USING btree ("settlement_id","status","submitted_at","id");--> statement-breakpoint
CREATE INDEX "claims_submitted_idx" ON "claims" USING btree ("settlement_id","submitted_at","id");