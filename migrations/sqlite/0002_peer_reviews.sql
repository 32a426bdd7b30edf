CREATE TABLE `peer_reviews` (
	`answer_id` integer NOT NULL,
	`reviewer_id` integer NOT NULL,
	`round_id` integer NOT NULL,
	`covered` text DEFAULT '' NOT NULL,
	`comment` text DEFAULT '' NOT NULL,
	`points` integer NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`answer_id`, `reviewer_id`),
	FOREIGN KEY (`answer_id`) REFERENCES `answers`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`reviewer_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`round_id`) REFERENCES `rounds`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `peer_reviews_reviewer_round_idx` ON `peer_reviews` (`reviewer_id`,`round_id`);--> statement-breakpoint
CREATE INDEX `peer_reviews_round_idx` ON `peer_reviews` (`round_id`);--> statement-breakpoint
ALTER TABLE `channels` ADD `rank_by` text DEFAULT 'votes' NOT NULL;