PRAGMA foreign_keys=OFF;--> statement-breakpoint
-- Hand-edited: the old table had no id; its rowid (insert order) becomes the id, so earlier clicks keep their order.
CREATE TABLE `__new_challenge_responses` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`challenge_id` integer NOT NULL,
	`member_id` integer NOT NULL,
	`chosen` integer NOT NULL,
	`is_correct` integer NOT NULL,
	`at` integer NOT NULL,
	FOREIGN KEY (`challenge_id`) REFERENCES `challenges`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
INSERT INTO `__new_challenge_responses`("id", "challenge_id", "member_id", "chosen", "is_correct", "at") SELECT rowid, "challenge_id", "member_id", "chosen", "is_correct", "at" FROM `challenge_responses`;--> statement-breakpoint
DROP TABLE `challenge_responses`;--> statement-breakpoint
ALTER TABLE `__new_challenge_responses` RENAME TO `challenge_responses`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE UNIQUE INDEX `challenge_responses_unique` ON `challenge_responses` (`challenge_id`,`member_id`);