CREATE TABLE `members` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`workspace_id` integer NOT NULL,
	`user_ref` text NOT NULL,
	`display_name` text DEFAULT '' NOT NULL,
	`is_bot` integer DEFAULT false NOT NULL,
	`nudge` integer DEFAULT false NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `members_workspace_user_unique` ON `members` (`workspace_id`,`user_ref`);--> statement-breakpoint
CREATE INDEX `members_nudged_idx` ON `members` (`workspace_id`) WHERE "members"."nudge" = 1;--> statement-breakpoint
CREATE TABLE `meta` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL,
	`updated_at` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE `workspace_packs` (
	`workspace_id` integer NOT NULL,
	`pack_id` text NOT NULL,
	`enabled` integer NOT NULL,
	PRIMARY KEY(`workspace_id`, `pack_id`),
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `workspaces` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`platform` text NOT NULL,
	`ref` text NOT NULL,
	`name` text DEFAULT '' NOT NULL,
	`timezone` text NOT NULL,
	`settings` text DEFAULT '{}' NOT NULL,
	`season` integer DEFAULT 1 NOT NULL,
	`status` text DEFAULT 'active' NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `workspaces_platform_ref_unique` ON `workspaces` (`platform`,`ref`);--> statement-breakpoint
CREATE TABLE `channels` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`workspace_id` integer NOT NULL,
	`ref` text NOT NULL,
	`name` text DEFAULT '' NOT NULL,
	`days` text DEFAULT '1,2,3,4,5' NOT NULL,
	`time` text DEFAULT '09:00' NOT NULL,
	`timezone` text NOT NULL,
	`categories` text DEFAULT '' NOT NULL,
	`mode` text DEFAULT 'open' NOT NULL,
	`vote_emoji` text DEFAULT '+1' NOT NULL,
	`round_hours` integer,
	`blind_hours` integer DEFAULT 4 NOT NULL,
	`vote_cap` integer DEFAULT 0 NOT NULL,
	`digest` integer DEFAULT false NOT NULL,
	`paused` integer DEFAULT false NOT NULL,
	`active_since` integer NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `channels_workspace_ref_unique` ON `channels` (`workspace_id`,`ref`);--> statement-breakpoint
CREATE INDEX `channels_paused_idx` ON `channels` (`paused`);--> statement-breakpoint
CREATE TABLE `packs` (
	`id` text PRIMARY KEY NOT NULL,
	`title` text NOT NULL,
	`version` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`workspace_id` integer,
	`loaded_at` integer NOT NULL,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `questions` (
	`id` text PRIMARY KEY NOT NULL,
	`pack_id` text NOT NULL,
	`type` text NOT NULL,
	`category` text NOT NULL,
	`difficulty` text NOT NULL,
	`tags` text DEFAULT '[]' NOT NULL,
	`prompt` text NOT NULL,
	`body` text NOT NULL,
	`hash` text NOT NULL,
	`retired_at` integer,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`pack_id`) REFERENCES `packs`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `questions_pack_idx` ON `questions` (`pack_id`);--> statement-breakpoint
CREATE INDEX `questions_category_idx` ON `questions` (`category`,`type`);--> statement-breakpoint
CREATE TABLE `suggestions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`workspace_id` integer NOT NULL,
	`member_id` integer,
	`text` text NOT NULL,
	`category` text DEFAULT 'general' NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`question_id` text,
	`created_at` integer NOT NULL,
	`decided_at` integer,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `suggestions_workspace_status_idx` ON `suggestions` (`workspace_id`,`status`);--> statement-breakpoint
CREATE TABLE `answers` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`round_id` integer NOT NULL,
	`member_id` integer NOT NULL,
	`text` text NOT NULL,
	`source` text NOT NULL,
	`message_ref` text,
	`posted_ref` text,
	`created_at` integer NOT NULL,
	`edited_at` integer,
	FOREIGN KEY (`round_id`) REFERENCES `rounds`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `answers_round_member_unique` ON `answers` (`round_id`,`member_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `answers_message_ref_unique` ON `answers` (`message_ref`);--> statement-breakpoint
CREATE UNIQUE INDEX `answers_posted_ref_unique` ON `answers` (`posted_ref`);--> statement-breakpoint
CREATE INDEX `answers_member_idx` ON `answers` (`member_id`);--> statement-breakpoint
CREATE TABLE `rounds` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`channel_id` integer NOT NULL,
	`slot` text NOT NULL,
	`question_id` text NOT NULL,
	`is_scheduled` integer NOT NULL,
	`status` text NOT NULL,
	`mode` text NOT NULL,
	`message_ref` text,
	`summary_ref` text,
	`slot_at` integer NOT NULL,
	`reveal_at` integer,
	`closes_at` integer NOT NULL,
	`closed_at` integer,
	FOREIGN KEY (`channel_id`) REFERENCES `channels`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`question_id`) REFERENCES `questions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `rounds_channel_slot_unique` ON `rounds` (`channel_id`,`slot`);--> statement-breakpoint
CREATE INDEX `rounds_status_closes_idx` ON `rounds` (`status`,`closes_at`);--> statement-breakpoint
CREATE INDEX `rounds_channel_slot_at_idx` ON `rounds` (`channel_id`,`slot_at`);--> statement-breakpoint
CREATE INDEX `rounds_message_ref_idx` ON `rounds` (`message_ref`);--> statement-breakpoint
CREATE INDEX `rounds_status_reveal_idx` ON `rounds` (`status`,`reveal_at`);--> statement-breakpoint
CREATE TABLE `votes` (
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
);
--> statement-breakpoint
CREATE INDEX `votes_pointed_idx` ON `votes` (`answer_id`) WHERE "votes"."points" > 0;--> statement-breakpoint
CREATE TABLE `score_ledger` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`workspace_id` integer NOT NULL,
	`member_id` integer NOT NULL,
	`award_key` text NOT NULL,
	`points` integer NOT NULL,
	`reason` text NOT NULL,
	`category` text NOT NULL,
	`round_id` integer,
	`week` text NOT NULL,
	`month` text NOT NULL,
	`season` integer NOT NULL,
	`at` integer NOT NULL,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `score_ledger_award_key_unique` ON `score_ledger` (`award_key`);--> statement-breakpoint
CREATE INDEX `score_ledger_round_idx` ON `score_ledger` (`round_id`);--> statement-breakpoint
CREATE TABLE `score_totals` (
	`workspace_id` integer NOT NULL,
	`period` text NOT NULL,
	`category` text NOT NULL,
	`member_id` integer NOT NULL,
	`points` integer NOT NULL,
	PRIMARY KEY(`workspace_id`, `period`, `category`, `member_id`),
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `score_totals_rank_idx` ON `score_totals` (`workspace_id`,`period`,`category`,`points`);--> statement-breakpoint
CREATE TABLE `outbox` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`workspace_id` integer NOT NULL,
	`item` text NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_at` integer NOT NULL,
	`owner` text,
	`lease_until` integer,
	`ref` text,
	`created_at` integer NOT NULL,
	`sent_at` integer,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `outbox_status_next_idx` ON `outbox` (`status`,`next_at`);--> statement-breakpoint
CREATE TABLE `processed_events` (
	`platform` text NOT NULL,
	`delivery_id` text NOT NULL,
	`at` integer NOT NULL,
	`payload` text,
	`done_at` integer,
	PRIMARY KEY(`platform`, `delivery_id`)
);
--> statement-breakpoint
CREATE INDEX `processed_events_accepted_idx` ON `processed_events` (`at`) WHERE "processed_events"."done_at" IS NULL;--> statement-breakpoint
CREATE TABLE `challenge_responses` (
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