DROP INDEX "class_members_zip_idx";--> statement-breakpoint
CREATE INDEX "class_members_zip_idx" ON "class_members" USING btree ("settlement_id","zip_hash","record_id");