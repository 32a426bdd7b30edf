import { z } from 'zod';
import type { ChannelSettings, PointsConfig, WorkspaceSettings } from './types.js';

/** Scoring defaults from the product design. */
export const DEFAULT_POINTS: PointsConfig = {
  answer: 10,
  upvote: 2,
  upvoteCap: 10,
  top: [15, 10, 5],
  challengeCorrect: 5,
  challengeFirst: 3,
  streakStep: 2,
  streakMax: 10,
  review: 2,
  reviewCap: 3,
  completeness: 5,
};

const pointsSchema = z.object({
  answer: z.number().int().min(0).max(1000),
  upvote: z.number().int().min(0).max(1000),
  upvoteCap: z.number().int().min(0).max(1000),
  top: z.tuple([z.number().int(), z.number().int(), z.number().int()]),
  challengeCorrect: z.number().int().min(0).max(1000),
  challengeFirst: z.number().int().min(0).max(1000),
  streakStep: z.number().int().min(0).max(1000),
  streakMax: z.number().int().min(0).max(1000),
  review: z.number().int().min(0).max(1000),
  reviewCap: z.number().int().min(0).max(1000),
  completeness: z.number().int().min(0).max(1000),
});

const settingsSchema = z.object({
  admins: z.array(z.string()).default([]),
  points: pointsSchema.partial().default({}),
  drillPoints: z.boolean().default(false),
});

export const defaultSettings = (): WorkspaceSettings => ({ admins: [], points: { ...DEFAULT_POINTS }, drillPoints: false });

const parsedCache = new Map<string, WorkspaceSettings>();

/** Reads stored settings, filling anything missing (older rows) with defaults; cached by text, as reads are hot. */
export function parseSettings(json: string): WorkspaceSettings {
  const hit = parsedCache.get(json);
  if (hit) return copySettings(hit);
  const value = parseSettingsUncached(json);
  if (parsedCache.size > 1000) parsedCache.clear();
  parsedCache.set(json, value);
  return copySettings(value);
}

/** A deep copy of the (small, fixed-shape) settings; structuredClone cost ~10 µs on every event's workspace read. */
const copySettings = (s: WorkspaceSettings): WorkspaceSettings => ({
  admins: [...s.admins],
  points: { ...s.points, top: [...s.points.top] },
  drillPoints: s.drillPoints,
});

function parseSettingsUncached(json: string): WorkspaceSettings {
  let raw: unknown = {};
  try {
    raw = JSON.parse(json);
  } catch {
    raw = {};
  }
  const parsed = settingsSchema.safeParse(raw);
  if (!parsed.success) return defaultSettings();
  return {
    admins: parsed.data.admins,
    drillPoints: parsed.data.drillPoints,
    points: { ...DEFAULT_POINTS, ...parsed.data.points } as PointsConfig,
  };
}

export const defaultChannelSettings = (timezone: string): ChannelSettings => ({
  days: [1, 2, 3, 4, 5],
  time: '09:00',
  timezone,
  categories: [],
  mode: 'open',
  voteEmoji: '+1',
  roundHours: null,
  blindHours: 4,
  voteCap: 0,
  digest: false,
  rankBy: 'votes',
});
