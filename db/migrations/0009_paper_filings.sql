ALTER TABLE "objections" ADD COLUMN "channel" "channel" DEFAULT 'web' NOT NULL;--> statement-breakpoint
ALTER TABLE "objections" ADD COLUMN "postmark_date" date;--> statement-breakpoint
ALTER TABLE "opt_outs" ADD COLUMN "channel" "channel" DEFAULT 'web' NOT NULL;--> statement-breakpoint
ALTER TABLE "opt_outs" ADD COLUMN "postmark_date" date;