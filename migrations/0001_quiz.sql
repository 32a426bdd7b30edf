CREATE TABLE `challenge_responses` (
	`challenge_id` integer NOT NULL,
	`member_id` integer NOT NULL,
	`chosen` integer NOT NULL,
	`is_correct` integer NOT NULL,
	`at` integer NOT NULL,
	FOREIGN KEY (`challenge_id`) REFERENCES `challenges`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `challenge_responses_unique` ON `challenge_responses` (`challenge_id`,`member_id`);--> statement-breakpoint
CREATE TABLE `challenges` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`channel_id` integer NOT NULL,
	`question_id` text NOT NULL,
	`choice_order` text NOT NULL,
	`status` text NOT NULL,
	`message_ref` text,
	`started_at` integer NOT NULL,
	`ends_at` integer NOT NULL,
	FOREIGN KEY (`channel_id`) REFERENCES `channels`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`question_id`) REFERENCES `questions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `challenges_status_ends_idx` ON `challenges` (`status`,`ends_at`);--> statement-breakpoint
CREATE TABLE `quiz_attempts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`member_id` integer NOT NULL,
	`question_id` text NOT NULL,
	`kind` text NOT NULL,
	`choice_order` text DEFAULT '[]' NOT NULL,
	`chosen` integer,
	`is_correct` integer,
	`rating` integer,
	`revealed_at` integer,
	`created_at` integer NOT NULL,
	`answered_at` integer,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`question_id`) REFERENCES `questions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `quiz_attempts_member_idx` ON `quiz_attempts` (`member_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `reviews` (
	`member_id` integer NOT NULL,
	`question_id` text NOT NULL,
	`card` text NOT NULL,
	`due` integer NOT NULL,
	`reps` integer DEFAULT 0 NOT NULL,
	`lapses` integer DEFAULT 0 NOT NULL,
	`last_review_at` integer,
	PRIMARY KEY(`member_id`, `question_id`),
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`question_id`) REFERENCES `questions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `reviews_due_idx` ON `reviews` (`member_id`,`due`);