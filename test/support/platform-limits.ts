import { expect } from 'vitest';
import { LIMITS as DISCORD } from '../../adapters/discord/render.js';
import { LIMITS as SLACK } from '../../adapters/slack/render.js';

/** A Slack message as sent: fallback text and Block Kit blocks. */
export interface SlackBody {
  text?: string;
  blocks?: unknown[];
}

/** Fails unless every message fits Slack's per-message, per-section and per-header limits. */
export function expectWithinSlackLimits(messages: SlackBody[]): void {
  for (const m of messages) {
    const blocks = (m.blocks ?? []) as { type: string; text?: { text: string } }[];
    expect(blocks.length).toBeLessThanOrEqual(SLACK.blocksPerMessage);
    expect(JSON.stringify(blocks).length + (m.text?.length ?? 0)).toBeLessThanOrEqual(SLACK.messageChars);
    for (const b of blocks) {
      if (b.type === 'section') expect(b.text?.text.length ?? 0).toBeLessThanOrEqual(SLACK.sectionChars);
      if (b.type === 'header') expect(b.text?.text.length ?? 0).toBeLessThanOrEqual(SLACK.headerChars);
    }
  }
}

/** A Discord message body as rendered (allowedMentions) or as sent over REST (allowed_mentions). */
export interface DiscordBody {
  content?: string;
  embeds?: { title?: string; description?: string; footer?: { text: string }; fields?: { name: string; value: string }[] }[];
  allowedMentions?: unknown;
  allowed_mentions?: unknown;
}

/** Fails unless every body fits Discord's content and embed limits and allows no mentions at all. */
export function expectWithinDiscordLimits(bodies: DiscordBody[]): void {
  for (const b of bodies) {
    const embeds = b.embeds ?? [];
    expect(b.content?.length ?? 0).toBeLessThanOrEqual(DISCORD.content);
    expect(embeds.length).toBeLessThanOrEqual(DISCORD.embedsPerMessage);
    let total = 0;
    for (const e of embeds) {
      expect(e.description?.length ?? 0).toBeLessThanOrEqual(DISCORD.description);
      expect(e.title?.length ?? 0).toBeLessThanOrEqual(DISCORD.title);
      expect(e.fields?.length ?? 0).toBeLessThanOrEqual(DISCORD.fields);
      for (const f of e.fields ?? []) expect(f.value.length).toBeLessThanOrEqual(DISCORD.fieldValue);
      total +=
        (e.title?.length ?? 0) +
        (e.description?.length ?? 0) +
        (e.footer?.text.length ?? 0) +
        (e.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0);
    }
    expect(total).toBeLessThanOrEqual(DISCORD.embedTotal);
    expect(b.allowedMentions ?? b.allowed_mentions).toEqual({ parse: [] });
  }
}
