CREATE TABLE "peer_reviews" (
	"answer_id" integer NOT NULL,
	"reviewer_id" integer NOT NULL,
	"round_id" integer NOT NULL,
	"covered" text DEFAULT '' NOT NULL,
	"comment" text DEFAULT '' NOT NULL,
	"points" integer NOT NULL,
	"created_at" bigint NOT NULL,
	"updated_at" bigint NOT NULL,
	CONSTRAINT "peer_reviews_pk" PRIMARY KEY("answer_id","reviewer_id")
);
--> statement-breakpoint
ALTER TABLE "channels" ADD COLUMN "rank_by" text DEFAULT 'votes' NOT NULL;--> statement-breakpoint
ALTER TABLE "peer_reviews" ADD CONSTRAINT "peer_reviews_answer_id_answers_id_fk" FOREIGN KEY ("answer_id") REFERENCES "public"."answers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "peer_reviews" ADD CONSTRAINT "peer_reviews_reviewer_id_members_id_fk" FOREIGN KEY ("reviewer_id") REFERENCES "public"."members"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "peer_reviews" ADD CONSTRAINT "peer_reviews_round_id_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."rounds"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "peer_reviews_reviewer_round_idx" ON "peer_reviews" USING btree ("reviewer_id","round_id");--> statement-breakpoint
CREATE INDEX "peer_reviews_round_idx" ON "peer_reviews" USING btree ("round_id");