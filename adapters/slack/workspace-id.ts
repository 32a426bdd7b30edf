/**
 * Which Dojo workspace a Slack delivery or installation belongs to, written down once: Slack keys
 * an installation by its team (T…), or by its enterprise (E…) when the app was installed for a
 * whole Enterprise Grid org. Org-wide, every workspace of the org is one Dojo workspace, so a
 * member is the same member whichever workspace an event names.
 *
 * Payload shapes this reads through Bolt's context (Bolt reads them the same way to authorize):
 * events carry `authorizations[0]` with `team_id: null`, `enterprise_id: E…` and
 * `is_enterprise_install: true` for org-wide installs; interactions carry `team: null`,
 * `enterprise: { id: E… }`, `is_enterprise_install: true` and a `user.team_id`; slash commands
 * carry `enterprise_id` and `is_enterprise_install: "true"` as a string.
 */
export interface SlackIds {
  isEnterpriseInstall?: boolean;
  teamId?: string | null;
  enterpriseId?: string | null;
}

export function slackWorkspaceId(ids: SlackIds): string | undefined {
  return (ids.isEnterpriseInstall ? ids.enterpriseId : ids.teamId) || undefined;
}
