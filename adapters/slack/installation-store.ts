import type { Installation as SlackInstallation, InstallationQuery, InstallationStore } from '@slack/bolt';
import type { Dojo, Installation, Logger, WorkspaceRef } from '../../src/core/index.js';
import type { SecretBox } from '../../src/secret-key.js';
import { PLATFORM, slackUserRef, teamRef } from './refs.js';
import { slackWorkspaceId } from './workspace-id.js';

/** Seals are bound to their row: a sealed installation copied to another workspace does not open. */
const sealContext = (workspace: WorkspaceRef) => `${PLATFORM}:${workspace}`;

type AnyInstallation = SlackInstallation<'v1' | 'v2', boolean>;

/**
 * Bolt's installation store over the Dojo's database: "Add to Slack" stores one installation
 * per workspace (see workspace-id.ts), each request fetches its own. Slack's installation record
 * (bot token included) is sealed with AES-256-GCM before it leaves this file; what stays in clear
 * is what an operator may read (team or enterprise, bot user, scopes, installer).
 */
export class DojoInstallationStore implements InstallationStore {
  constructor(
    private readonly dojo: Dojo,
    private readonly box: SecretBox,
    private readonly log: Logger,
  ) {}

  async storeInstallation(installation: AnyInstallation): Promise<void> {
    const workspace = slackWorkspaceId({
      isEnterpriseInstall: installation.isEnterpriseInstall,
      teamId: installation.team?.id,
      enterpriseId: installation.enterprise?.id,
    });
    if (!workspace || !installation.bot?.token || !installation.bot.userId) {
      throw new Error('the installation names no workspace or has no bot token (the bot scopes were not granted)');
    }
    const ref = teamRef(workspace);
    const record: Installation = {
      platform: PLATFORM,
      workspace: ref,
      enterpriseRef: installation.enterprise?.id ?? null,
      isOrgWide: Boolean(installation.isEnterpriseInstall),
      botUserRef: slackUserRef(installation.bot.userId),
      scopes: installation.bot.scopes ?? [],
      installerRef: installation.user?.id ? slackUserRef(installation.user.id) : null,
      sealed: this.box.seal(JSON.stringify(installation), sealContext(ref)),
      installedAt: Date.now(),
    };
    const name = (installation.isEnterpriseInstall ? installation.enterprise?.name : installation.team?.name) ?? '';
    await this.dojo.install(record, name);
  }

  async fetchInstallation(query: InstallationQuery<boolean>): Promise<AnyInstallation> {
    const workspace = slackWorkspaceId(query);
    const found = workspace ? await this.open(teamRef(workspace)) : undefined;
    // Bolt answers the request without calling a listener, so nothing is written for it.
    if (!found) throw new Error(`the app is not installed in workspace ${workspace ?? '(none named)'}`);
    return found;
  }

  /** The stored installation of a workspace, opened; undefined when there is none. */
  async open(workspace: WorkspaceRef): Promise<AnyInstallation | undefined> {
    const stored = await this.dojo.installation(PLATFORM, workspace);
    if (!stored) return undefined;
    try {
      return JSON.parse(this.box.open(stored.sealed, sealContext(workspace))) as AnyInstallation;
    } catch (err) {
      // The key changed or the row was altered: act as if not installed, loudly.
      this.log.error(
        { adapter: 'slack', workspace, err: err instanceof Error ? err.message : String(err) },
        'stored installation cannot be opened with DOJO_SECRET_KEY; reinstall the app in that workspace',
      );
      return undefined;
    }
  }

  /** Drops the user tokens of `userIds` (a tokens_revoked event naming only them); the bot stays. */
  async revokeUserTokens(workspace: WorkspaceRef, userIds: string[]): Promise<void> {
    const stored = await this.dojo.installation(PLATFORM, workspace);
    const opened = await this.open(workspace);
    if (!stored || !opened?.user?.token || !userIds.includes(opened.user.id)) return;
    const { token: _revoked, refreshToken: _r, expiresAt: _e, ...user } = opened.user;
    const sealed = this.box.seal(JSON.stringify({ ...opened, user }), sealContext(workspace));
    await this.dojo.install({ ...stored, sealed }, '');
    this.log.info({ adapter: 'slack', workspace }, 'a revoked user token was dropped; the app stays installed');
  }
}
