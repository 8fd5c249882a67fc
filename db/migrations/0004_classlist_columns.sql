ALTER TABLE "class_members" ADD COLUMN "notice_code" text;--> statement-breakpoint
ALTER TABLE "class_members" ADD COLUMN "notice_issued_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "class_members" ADD COLUMN "name_zip_hash" text;--> statement-breakpoint
ALTER TABLE "class_members" ADD COLUMN "address_hash" text;--> statement-breakpoint
ALTER TABLE "class_members" ADD COLUMN "zip_hash" text;--> statement-breakpoint
ALTER TABLE "class_members" ADD COLUMN "updated_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
CREATE INDEX "class_members_name_zip_idx" ON "class_members" USING btree ("settlement_id","name_zip_hash");--> statement-breakpoint
CREATE INDEX "class_members_address_idx" ON "class_members" USING btree ("settlement_id","address_hash");--> statement-breakpoint
CREATE INDEX "class_members_zip_idx" ON "class_members" USING btree ("settlement_id","zip_hash");