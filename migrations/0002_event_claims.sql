ALTER TABLE `processed_events` ADD `owner` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `processed_events` ADD `done_at` integer;