CREATE TYPE "public"."channel" AS ENUM('web', 'mail', 'import');--> statement-breakpoint
CREATE TYPE "public"."claim_status" AS ENUM('received', 'under_review', 'deficient', 'approved', 'denied', 'paid', 'withdrawn');--> statement-breakpoint
CREATE TABLE "settlement_keys" (
	"settlement_id" uuid PRIMARY KEY NOT NULL,
	"wrapped_key" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "settlements" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"slug" text NOT NULL,
	"config" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "settlements_slug_unique" UNIQUE("slug")
);
--> statement-breakpoint
CREATE TABLE "class_members" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"settlement_id" uuid NOT NULL,
	"record_id" text NOT NULL,
	"notice_id" text,
	"confirmation_code_hash" text,
	"email_hash" text,
	"phone_hash" text,
	"username_hash" text,
	"pii" text NOT NULL,
	"attributes" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"undeliverable" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "claim_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"settlement_id" uuid NOT NULL,
	"claim_pk" integer NOT NULL,
	"status" "claim_status" NOT NULL,
	"note" text,
	"actor" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "claims" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"settlement_id" uuid NOT NULL,
	"claim_id" text NOT NULL,
	"claim_ref" text,
	"idempotency_key" text,
	"status" "claim_status" DEFAULT 'received' NOT NULL,
	"channel" "channel" DEFAULT 'web' NOT NULL,
	"late" boolean DEFAULT false NOT NULL,
	"tier" text NOT NULL,
	"units" real,
	"attestations" text[] DEFAULT '{}'::text[] NOT NULL,
	"notice_id" text,
	"payment_method" text NOT NULL,
	"pii" text NOT NULL,
	"payment" text NOT NULL,
	"intake" text,
	"email_hash" text NOT NULL,
	"phone_hash" text,
	"username_hash" text,
	"zip_hash" text,
	"name_hash" text,
	"payment_hash" text,
	"ip_hash" text,
	"device_hash" text,
	"form_seconds" integer,
	"honeypot" boolean DEFAULT false NOT NULL,
	"verification_status" text DEFAULT 'pending' NOT NULL,
	"matched_record_id" text,
	"fraud_score" real,
	"fraud_action" text,
	"fraud_reasons" text[] DEFAULT '{}'::text[] NOT NULL,
	"decision" text,
	"decision_reason" text,
	"attributes" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"submitted_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "deficiencies" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"settlement_id" uuid NOT NULL,
	"claim_pk" integer NOT NULL,
	"code" text NOT NULL,
	"message" text NOT NULL,
	"cure_by" date NOT NULL,
	"cured_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "objections" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"settlement_id" uuid NOT NULL,
	"objection_id" text NOT NULL,
	"idempotency_key" text,
	"pii" text NOT NULL,
	"email_hash" text NOT NULL,
	"notice_id" text,
	"has_counsel" boolean DEFAULT false NOT NULL,
	"will_appear" boolean DEFAULT false NOT NULL,
	"document" text,
	"document_name" text,
	"document_type" text,
	"document_bytes" integer,
	"late" boolean DEFAULT false NOT NULL,
	"intake" text,
	"ip_hash" text,
	"submitted_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "opt_outs" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"settlement_id" uuid NOT NULL,
	"request_id" text NOT NULL,
	"idempotency_key" text,
	"pii" text NOT NULL,
	"email_hash" text NOT NULL,
	"notice_id" text,
	"late" boolean DEFAULT false NOT NULL,
	"intake" text,
	"ip_hash" text,
	"submitted_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "audit_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"settlement_id" uuid,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor" text NOT NULL,
	"action" text NOT NULL,
	"target_type" text,
	"target_id" text,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"prev_hash" text NOT NULL,
	"hash" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "rate_limits" (
	"bucket" text NOT NULL,
	"window_start" timestamp with time zone NOT NULL,
	"count" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "rate_limits_bucket_window_start_pk" PRIMARY KEY("bucket","window_start")
);
--> statement-breakpoint
CREATE TABLE "staff_invitations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"token_hash" text NOT NULL,
	"email" text NOT NULL,
	"name" text NOT NULL,
	"role" text NOT NULL,
	"all_settlements" boolean DEFAULT false NOT NULL,
	"settlement_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"invited_by" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"accepted_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "staff_invitations_token_hash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
CREATE TABLE "staff_settlements" (
	"staff_id" uuid NOT NULL,
	"settlement_id" uuid NOT NULL,
	CONSTRAINT "staff_settlements_staff_id_settlement_id_pk" PRIMARY KEY("staff_id","settlement_id")
);
--> statement-breakpoint
CREATE TABLE "staff_users" (
	"id" uuid PRIMARY KEY NOT NULL,
	"email" text NOT NULL,
	"name" text NOT NULL,
	"password_hash" text NOT NULL,
	"totp_secret_sealed" text NOT NULL,
	"totp_last_step" integer DEFAULT 0 NOT NULL,
	"role" text NOT NULL,
	"all_settlements" boolean DEFAULT false NOT NULL,
	"disabled" boolean DEFAULT false NOT NULL,
	"failed_attempts" integer DEFAULT 0 NOT NULL,
	"locked_until" timestamp with time zone,
	"last_sign_in_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "staff_users_email_unique" UNIQUE("email")
);
--> statement-breakpoint
ALTER TABLE "settlement_keys" ADD CONSTRAINT "settlement_keys_settlement_id_settlements_id_fk" FOREIGN KEY ("settlement_id") REFERENCES "public"."settlements"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "class_members" ADD CONSTRAINT "class_members_settlement_id_settlements_id_fk" FOREIGN KEY ("settlement_id") REFERENCES "public"."settlements"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "claims" ADD CONSTRAINT "claims_settlement_id_settlements_id_fk" FOREIGN KEY ("settlement_id") REFERENCES "public"."settlements"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "objections" ADD CONSTRAINT "objections_settlement_id_settlements_id_fk" FOREIGN KEY ("settlement_id") REFERENCES "public"."settlements"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "opt_outs" ADD CONSTRAINT "opt_outs_settlement_id_settlements_id_fk" FOREIGN KEY ("settlement_id") REFERENCES "public"."settlements"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "staff_settlements" ADD CONSTRAINT "staff_settlements_staff_id_staff_users_id_fk" FOREIGN KEY ("staff_id") REFERENCES "public"."staff_users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "staff_settlements" ADD CONSTRAINT "staff_settlements_settlement_id_settlements_id_fk" FOREIGN KEY ("settlement_id") REFERENCES "public"."settlements"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "class_members_record_uq" ON "class_members" USING btree ("settlement_id","record_id");--> statement-breakpoint
CREATE UNIQUE INDEX "class_members_notice_uq" ON "class_members" USING btree ("settlement_id","notice_id");--> statement-breakpoint
CREATE INDEX "class_members_email_idx" ON "class_members" USING btree ("settlement_id","email_hash");--> statement-breakpoint
CREATE INDEX "class_members_phone_idx" ON "class_members" USING btree ("settlement_id","phone_hash");--> statement-breakpoint
CREATE INDEX "class_members_username_idx" ON "class_members" USING btree ("settlement_id","username_hash");--> statement-breakpoint
CREATE INDEX "claim_events_claim_idx" ON "claim_events" USING btree ("claim_pk");--> statement-breakpoint
CREATE UNIQUE INDEX "claims_claim_id_uq" ON "claims" USING btree ("settlement_id","claim_id");--> statement-breakpoint
CREATE UNIQUE INDEX "claims_claim_ref_uq" ON "claims" USING btree ("settlement_id","claim_ref");--> statement-breakpoint
CREATE UNIQUE INDEX "claims_idempotency_uq" ON "claims" USING btree ("settlement_id","idempotency_key");--> statement-breakpoint
CREATE INDEX "claims_email_idx" ON "claims" USING btree ("settlement_id","email_hash");--> statement-breakpoint
CREATE INDEX "claims_phone_idx" ON "claims" USING btree ("settlement_id","phone_hash");--> statement-breakpoint
CREATE INDEX "claims_name_idx" ON "claims" USING btree ("settlement_id","name_hash");--> statement-breakpoint
CREATE INDEX "claims_status_idx" ON "claims" USING btree ("settlement_id","status");--> statement-breakpoint
CREATE INDEX "claims_submitted_idx" ON "claims" USING btree ("settlement_id","submitted_at");--> statement-breakpoint
CREATE INDEX "deficiencies_claim_idx" ON "deficiencies" USING btree ("claim_pk");--> statement-breakpoint
CREATE UNIQUE INDEX "objections_objection_uq" ON "objections" USING btree ("settlement_id","objection_id");--> statement-breakpoint
CREATE UNIQUE INDEX "objections_idempotency_uq" ON "objections" USING btree ("settlement_id","idempotency_key");--> statement-breakpoint
CREATE UNIQUE INDEX "opt_outs_request_uq" ON "opt_outs" USING btree ("settlement_id","request_id");--> statement-breakpoint
CREATE UNIQUE INDEX "opt_outs_idempotency_uq" ON "opt_outs" USING btree ("settlement_id","idempotency_key");--> statement-breakpoint
CREATE INDEX "opt_outs_email_idx" ON "opt_outs" USING btree ("settlement_id","email_hash");--> statement-breakpoint
CREATE INDEX "audit_settlement_idx" ON "audit_log" USING btree ("settlement_id","at");--> statement-breakpoint
CREATE INDEX "audit_target_idx" ON "audit_log" USING btree ("target_type","target_id");