-- Custom SQL migration file, put your code below! --
-- Why custom: drizzle-kit has no WITHOUT ROWID option, so 0000_init creates these three tables as
-- rowid tables and this migration rebuilds them as WITHOUT ROWID; columns, keys and indexes stay
-- exactly as in src/storage/schema (and the snapshot), so later generated migrations still match.
-- * processed_events: every delivery claims a row; its rows live in the key's b-tree, one page
--   write per claim instead of two (the rowid table and the key's index).
-- * votes: the (answer, voter) key's b-tree is the table, so a vote writes one b-tree and no
--   AUTOINCREMENT sequence row.
-- * score_totals: an award updates two b-trees (key and rank index) instead of three, and the rank
--   index carries the key's member_id, so a leaderboard reads its top rows from the index alone.
-- A drizzle-kit rebuild of any of these tables (a "__new_" copy) must keep WITHOUT ROWID: check
-- its output and move the rebuild into a custom migration like this one. No foreign key points at
-- these tables, so each is rebuilt by copy, drop and rename (dropping a table drops its indexes).
CREATE TABLE `__new_processed_events` (
	`platform` text NOT NULL,
	`delivery_id` text NOT NULL,
	`at` integer NOT NULL,
	`payload` text,
	`done_at` integer,
	PRIMARY KEY(`platform`, `delivery_id`)
) WITHOUT ROWID;
--> statement-breakpoint
INSERT INTO `__new_processed_events` (`platform`, `delivery_id`, `at`, `payload`, `done_at`)
	SELECT `platform`, `delivery_id`, `at`, `payload`, `done_at` FROM `processed_events`;
--> statement-breakpoint
DROP TABLE `processed_events`;
--> statement-breakpoint
ALTER TABLE `__new_processed_events` RENAME TO `processed_events`;
--> statement-breakpoint
CREATE INDEX `processed_events_accepted_idx` ON `processed_events` (`at`) WHERE "processed_events"."done_at" IS NULL;
--> statement-breakpoint
CREATE TABLE `__new_votes` (
	`answer_id` integer NOT NULL,
	`voter_id` integer NOT NULL,
	`source` text NOT NULL,
	`points` integer NOT NULL,
	`created_at` integer NOT NULL,
	`casts` integer DEFAULT 1 NOT NULL,
	`retracted_at` integer,
	PRIMARY KEY(`answer_id`, `voter_id`),
	FOREIGN KEY (`answer_id`) REFERENCES `answers`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`voter_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE cascade
) WITHOUT ROWID;
--> statement-breakpoint
INSERT INTO `__new_votes` (`answer_id`, `voter_id`, `source`, `points`, `created_at`, `casts`, `retracted_at`)
	SELECT `answer_id`, `voter_id`, `source`, `points`, `created_at`, `casts`, `retracted_at` FROM `votes`;
--> statement-breakpoint
DROP TABLE `votes`;
--> statement-breakpoint
ALTER TABLE `__new_votes` RENAME TO `votes`;
--> statement-breakpoint
CREATE INDEX `votes_pointed_idx` ON `votes` (`answer_id`) WHERE "votes"."points" > 0;
--> statement-breakpoint
CREATE TABLE `__new_score_totals` (
	`workspace_id` integer NOT NULL,
	`period` text NOT NULL,
	`category` text NOT NULL,
	`member_id` integer NOT NULL,
	`points` integer NOT NULL,
	PRIMARY KEY(`workspace_id`, `period`, `category`, `member_id`),
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE cascade
) WITHOUT ROWID;
--> statement-breakpoint
INSERT INTO `__new_score_totals` (`workspace_id`, `period`, `category`, `member_id`, `points`)
	SELECT `workspace_id`, `period`, `category`, `member_id`, `points` FROM `score_totals`;
--> statement-breakpoint
DROP TABLE `score_totals`;
--> statement-breakpoint
ALTER TABLE `__new_score_totals` RENAME TO `score_totals`;
--> statement-breakpoint
CREATE INDEX `score_totals_rank_idx` ON `score_totals` (`workspace_id`,`period`,`category`,`points`);
