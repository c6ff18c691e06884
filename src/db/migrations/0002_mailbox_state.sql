CREATE TABLE "mailbox_state" (
	"mailbox_id" text PRIMARY KEY NOT NULL,
	"uid_validity" bigint,
	"last_uid" bigint DEFAULT 0 NOT NULL,
	"attach_uid_next" bigint DEFAULT 0 NOT NULL,
	"lease_holder" text,
	"lease_until" timestamp with time zone,
	"uid_validity_changed_at" timestamp with time zone,
	"updated_at" timestamp with time zone NOT NULL
);
