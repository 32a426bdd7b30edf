import { z } from 'zod';
import { CATEGORIES } from '../categories.js';

/** A question's text must stay under this many characters. */
export const QUESTION_MAX = 1500;
/** Every other single field (key point, follow-up, choice, explanation, structure, diagram) stays under this. */
export const FIELD_MAX = 1000;
/** The model answer stays under this: a 300-word hard answer is about 2,000 characters. */
export const MODEL_ANSWER_MAX = 2500;
/** Widest diagram line, so the block fits a phone screen in a monospace font. */
export const DIAGRAM_COLUMNS = 60;
/** Tallest diagram, for the same reason. */
export const DIAGRAM_LINES = 18;
export const KEY_POINTS_MIN = 4;
export const KEY_POINTS_MAX = 8;
export const FOLLOW_UPS_MIN = 2;
export const FOLLOW_UPS_MAX = 3;
export const MCQ_CHOICES = 4;
/** Model-answer length in words by difficulty: a harder question earns a fuller answer. */
export const MODEL_ANSWER_WORDS = { easy: [120, 170], medium: [150, 220], hard: [200, 300] } as const;
/** The correct choice may be at most this many times as long (characters) as the longest distractor. */
export const KEY_LENGTH_RATIO_MAX = 1.25;
/** At most this share of a pack's MCQs may have the correct choice as strictly the longest one. */
export const LONGEST_KEY_SHARE_MAX = 0.35;
/** A repeated explanation phrase is a run of at least this many words, compared without case or punctuation. */
export const PHRASE_WORDS = 4;
/** A phrase found in more than this share of a pack's MCQ explanations reads as a template. */
export const PHRASE_SHARE_MAX = 0.2;
/** ...and in at least this many of them, so a small pack is not flagged for two similar questions. */
export const PHRASE_MIN_FILES = 3;
/** Categories whose open questions must say how to structure the answer (STAR, pitch outline). */
export const STRUCTURE_CATEGORIES: readonly string[] = ['leadership', 'behavioural', 'pitch'];

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const QUESTION_ID = /^[a-z0-9][a-z0-9-]*$/;
const VERSION = /^\d+\.\d+(?:\.\d+)?(?:[-+][0-9A-Za-z.-]+)?$/;
const categoryIds = Object.keys(CATEGORIES) as [string, ...string[]];

// Regex messages are predicates: the issue formatter puts the field name in front of them.
// Trimmed first, so a blank value reports as empty.
const text = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max - 1);

/** A pack's `manifest.yaml`. Unknown keys are errors so typos surface. */
export const manifestSchema = z.strictObject({
  id: z.string().regex(SLUG, 'must be a lowercase slug such as module-lead-nodejs'),
  title: text(FIELD_MAX),
  version: z.string().regex(VERSION, 'must look like 1.0.0'),
  description: text(FIELD_MAX),
});
export type Manifest = z.infer<typeof manifestSchema>;

/** One multiple-choice option; `correct` defaults to false. */
export const choiceSchema = z.strictObject({
  text: text(FIELD_MAX),
  correct: z.boolean().optional(),
});

/** The YAML front matter of a question file, for both open and multiple-choice questions. */
export const questionFrontMatterSchema = z
  .strictObject({
    id: z.string().regex(QUESTION_ID, 'must be lowercase letters, digits and dashes'),
    type: z.enum(['open', 'mcq']),
    category: z.enum(categoryIds),
    difficulty: z.enum(['easy', 'medium', 'hard']),
    tags: z.array(z.string().regex(SLUG, 'must be lowercase words joined by dashes')),
    question: text(QUESTION_MAX),
    diagram: z.boolean().optional(),
    choices: z.array(choiceSchema).optional(),
  })
  .superRefine(
    (q, ctx) => {
      // Runs even when other fields failed (see `when`), so the data may be any shape here.
      const { type, choices } = q as { type?: unknown; choices?: unknown };
      const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
      if (type === 'open' && choices !== undefined) issue('choices', 'open questions have no "choices"; use type: mcq');
      if (type !== 'mcq') return;
      if (choices === undefined) return issue('type', `an MCQ needs a "choices" list with ${MCQ_CHOICES} choices`);
      if (!Array.isArray(choices)) return;
      if (choices.length !== MCQ_CHOICES) issue('choices', `MCQ needs exactly ${MCQ_CHOICES} choices, found ${choices.length}`);
      const found = choices.filter((c) => (c as { correct?: unknown } | null)?.correct === true).length;
      if (found !== 1) issue('choices', `MCQ needs exactly one correct choice, found ${found}`);
    },
    { when: () => true },
  );
export type QuestionFrontMatter = z.infer<typeof questionFrontMatterSchema>;
