/** The core's public surface: adapters and the composition root import only from here. */
import { actions } from './actions.js';
export { createDojo, type Dojo, type DojoDeps, type Handled } from './dojo.js';
export type { DojoConfig } from './context.js';
export type {
  Actor,
  ChatPort,
  Clock,
  DashboardGrant,
  DashboardLinks,
  DeliveryOutcome,
  InboundEvent,
  InboundKind,
  Logger,
  Observer,
  Random,
} from './ports.js';
export type { Button, Field, Form, FormInput, NeutralMessage, Reply, Select } from './messages.js';
export { ACTION_ID_MAX } from './messages.js';
export { channelRef, messageRef, userRef, workspaceRef } from './refs.js';
export type { ChannelRef, MessageRef, Platform, UserRef, WorkspaceRef } from './refs.js';
export type { Repos, Store } from './store.js';
export type { Installation } from './types.js';
export { clip, safeUserText, splitText, normaliseEmoji, emojiGlyph } from './text.js';
export { commandList } from './commands/registry.js';
export { CATEGORIES, categoryLabel } from './categories.js';
export { PERIODS } from './periods.js';
export { DojoUserError } from './errors.js';
/** The action that opens a review of the answer it is pressed on (playground `review`, message menus). */
export const reviewMessageAction = (): string => actions.reviewMessage();
export { periodKey, periodOf } from './periods.js';
export { competitionRanks } from './ranking.js';
export { memberStats, type MemberStats } from './member-stats.js';
export type { ArchiveEntry, ArchiveFilter, DashboardRepo, RoundActivity } from './dashboard-store.js';
export type { Member, MemberId, Period, QuestionBody, Workspace, WorkspaceId } from './types.js';
export { resolveCategory } from './categories.js';
