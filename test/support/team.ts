import { workspaceRef } from '../../src/core/refs.js';
import { defaultSettings } from '../../src/core/settings.js';
import type { Repos } from '../../src/core/store.js';

/** A Slack workspace `T1` named Team in UTC with default settings, as the first command would make it. */
export const ensureTeam = (db: Repos) =>
  db.workspaces.ensure({ platform: 'slack', ref: workspaceRef('T1'), name: 'Team', timezone: 'UTC', settings: defaultSettings(), now: 1 });
