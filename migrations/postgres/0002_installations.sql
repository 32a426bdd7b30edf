CREATE TABLE "installations" (
	"platform" text NOT NULL,
	"workspace_ref" text NOT NULL,
	"enterprise_ref" text,
	"is_org_wide" boolean DEFAULT false NOT NULL,
	"bot_user_ref" text NOT NULL,
	"scopes" text DEFAULT '' NOT NULL,
	"installer_ref" text,
	"sealed" text NOT NULL,
	"installed_at" bigint NOT NULL,
	CONSTRAINT "installations_pk" PRIMARY KEY("platform","workspace_ref")
);
