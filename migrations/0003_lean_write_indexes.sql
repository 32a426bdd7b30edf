DROP INDEX `votes_voter_idx`;--> statement-breakpoint
DROP INDEX `score_ledger_member_idx`;--> statement-breakpoint
DROP INDEX `processed_events_at_idx`;