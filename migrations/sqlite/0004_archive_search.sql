-- Why custom: drizzle-kit cannot declare FTS5 virtual tables or triggers. The dashboard's archive
-- searches the question, its reference answer and the team's answers; these two full-text indexes
-- serve it (PostgreSQL uses GIN expression indexes declared in its schema instead).
-- * answers_fts: an external-content index over answers.text (the text is stored once, in answers);
--   triggers keep it in step with every insert, edit and delete, so an erased answer (forget-me,
--   void, a deleted reply) leaves the index with it.
-- * questions_fts: the prompt and every string of the question's body (key points, model answer,
--   explanation, choices), rewritten by triggers whenever a pack load changes a question.
-- A drizzle-kit rebuild of answers or questions (a "__new_" copy) drops these triggers: check its
-- output and recreate them in a custom migration like this one.
CREATE VIRTUAL TABLE `answers_fts` USING fts5(`text`, content='answers', content_rowid='id', tokenize='porter unicode61');
--> statement-breakpoint
CREATE TRIGGER `answers_fts_insert` AFTER INSERT ON `answers` BEGIN
  INSERT INTO `answers_fts` (rowid, `text`) VALUES (new.`id`, new.`text`);
END;
--> statement-breakpoint
CREATE TRIGGER `answers_fts_delete` AFTER DELETE ON `answers` BEGIN
  INSERT INTO `answers_fts` (`answers_fts`, rowid, `text`) VALUES ('delete', old.`id`, old.`text`);
END;
--> statement-breakpoint
CREATE TRIGGER `answers_fts_update` AFTER UPDATE OF `text` ON `answers` BEGIN
  INSERT INTO `answers_fts` (`answers_fts`, rowid, `text`) VALUES ('delete', old.`id`, old.`text`);
  INSERT INTO `answers_fts` (rowid, `text`) VALUES (new.`id`, new.`text`);
END;
--> statement-breakpoint
INSERT INTO `answers_fts` (`answers_fts`) VALUES ('rebuild');
--> statement-breakpoint
CREATE VIRTUAL TABLE `questions_fts` USING fts5(`question_id` UNINDEXED, `prompt`, `body`, tokenize='porter unicode61');
--> statement-breakpoint
CREATE TRIGGER `questions_fts_insert` AFTER INSERT ON `questions` BEGIN
  INSERT INTO `questions_fts` (`question_id`, `prompt`, `body`)
    VALUES (new.`id`, new.`prompt`, (SELECT group_concat(value, ' ') FROM json_tree(new.`body`) WHERE type = 'text'));
END;
--> statement-breakpoint
CREATE TRIGGER `questions_fts_delete` AFTER DELETE ON `questions` BEGIN
  DELETE FROM `questions_fts` WHERE `question_id` = old.`id`;
END;
--> statement-breakpoint
CREATE TRIGGER `questions_fts_update` AFTER UPDATE OF `prompt`, `body` ON `questions` BEGIN
  DELETE FROM `questions_fts` WHERE `question_id` = old.`id`;
  INSERT INTO `questions_fts` (`question_id`, `prompt`, `body`)
    VALUES (new.`id`, new.`prompt`, (SELECT group_concat(value, ' ') FROM json_tree(new.`body`) WHERE type = 'text'));
END;
--> statement-breakpoint
INSERT INTO `questions_fts` (`question_id`, `prompt`, `body`)
  SELECT `id`, `prompt`, (SELECT group_concat(value, ' ') FROM json_tree(`questions`.`body`) WHERE type = 'text') FROM `questions`;
