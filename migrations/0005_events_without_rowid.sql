-- Custom SQL migration file, put your code below! --
-- processed_events becomes a WITHOUT ROWID table: its rows live in the primary-key b-tree, so a
-- delivery claim writes one b-tree instead of two (the rowid table and the key's index). Every
-- event, command and interaction claims a row, so this is one page write less per delivery.
-- drizzle-kit has no WITHOUT ROWID option; the table's columns and key are unchanged, so the
-- snapshot still matches (see src/storage/schema/events.ts). No foreign key points at this table.
CREATE TABLE `__new_processed_events` (
	`platform` text NOT NULL,
	`delivery_id` text NOT NULL,
	`at` integer NOT NULL,
	`owner` text DEFAULT '' NOT NULL,
	`done_at` integer,
	PRIMARY KEY(`platform`, `delivery_id`)
) WITHOUT ROWID;
--> statement-breakpoint
INSERT INTO `__new_processed_events` (`platform`, `delivery_id`, `at`, `owner`, `done_at`)
	SELECT `platform`, `delivery_id`, `at`, `owner`, `done_at` FROM `processed_events`;
--> statement-breakpoint
DROP TABLE `processed_events`;
--> statement-breakpoint
ALTER TABLE `__new_processed_events` RENAME TO `processed_events`;
