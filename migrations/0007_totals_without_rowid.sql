-- Custom SQL migration: score_totals becomes a WITHOUT ROWID table (drizzle-kit has no option for
-- it; columns, key and index are unchanged, so the snapshot still matches src/storage/schema/scoring.ts).
-- Rows live in the primary-key b-tree, so an award updates two b-trees (key and rank index) instead
-- of three, and the rank index carries the key's member_id: a leaderboard reads its top rows from
-- the index alone instead of looking each one up in the table.
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
