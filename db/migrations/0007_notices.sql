CREATE TABLE "notice_messages" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"settlement_id" uuid NOT NULL,
	"member_id" bigint NOT NULL,
	"campaign" text NOT NULL,
	"kind" text NOT NULL,
	"state" text DEFAULT 'queued' NOT NULL,
	"email_hash" text,
	"attempts" integer DEFAULT 0 NOT NULL,
	"smtp_message_id" text,
	"last_error" text,
	"queued_at" timestamp with time zone DEFAULT now() NOT NULL,
	"claimed_at" timestamp with time zone,
	"sent_at" timestamp with time zone,
	"bounced_at" timestamp with time zone,
	"bounce_type" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "notice_messages" ADD CONSTRAINT "notice_messages_settlement_id_settlements_id_fk" FOREIGN KEY ("settlement_id") REFERENCES "public"."settlements"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notice_messages" ADD CONSTRAINT "notice_messages_member_id_class_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."class_members"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "notice_messages_member_campaign_kind_uq" ON "notice_messages" USING btree ("settlement_id","member_id","campaign","kind");--> statement-breakpoint
CREATE INDEX "notice_messages_state_idx" ON "notice_messages" USING btree ("settlement_id","state","id");--> statement-breakpoint
CREATE INDEX "notice_messages_member_idx" ON "notice_messages" USING btree ("member_id");--> statement-breakpoint
CREATE INDEX "notice_messages_smtp_id_idx" ON "notice_messages" USING btree ("smtp_message_id");