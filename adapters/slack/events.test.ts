import { describe, expect, it } from 'vitest';
import { draftFromAction, draftFromCommand, draftFromEvent as draftIn, draftFromView, type EventBody, fromSlackText } from './events.js';
import { parseMessageRef, permalink } from './refs.js';
import { slackWorkspaceId } from './workspace-id.js';

const bot = { botUserId: 'U0BOT', botId: 'B0BOT' };
const body = (event: Record<string, unknown>) => ({ team_id: 'T1', event_id: 'Ev1', event });
// In the app the workspace comes from Bolt's context (see workspace-id.ts); here, the envelope's team.
const draftFromEvent = (b: EventBody, identity: typeof bot) => draftIn(b, b.team_id, identity);

describe('Slack text to neutral text', () => {
  it('decodes entities and turns mentions and links into plain words', () => {
    expect(
      fromSlackText('a &lt; b &amp;&amp; <!channel> <!here> <@U1> <@U2|bo> <#C1|general> <https://x.io|x> <https://y.io>', (id) =>
        id === 'U1' ? 'Al' : undefined,
      ),
    ).toBe('a < b && @channel @here @Al @bo #general [x](https://x.io) https://y.io');
  });
});

describe('events to drafts', () => {
  it('maps a thread reply to reply-posted with slack:<channel>:<ts> refs and the event id', () => {
    const d = draftFromEvent(body({ type: 'message', channel: 'C1', user: 'U1', text: 'hi', ts: '2.000002', thread_ts: '1.000001' }), bot)!;
    expect(d.event).toMatchObject({
      kind: 'reply-posted',
      platform: 'slack',
      workspace: 'T1',
      channel: 'C1',
      thread: 'slack:C1:1.000001',
      message: 'slack:C1:2.000002',
      deliveryId: 'Ev1',
    });
    expect(d.isBot).toBe(false);
  });

  it('ignores top-level messages and thread parents, and flags bot messages', () => {
    expect(draftFromEvent(body({ type: 'message', channel: 'C1', user: 'U1', text: 'hi', ts: '2.0' }), bot)).toBeUndefined();
    expect(
      draftFromEvent(body({ type: 'message', channel: 'C1', user: 'U1', text: 'hi', ts: '2.0', thread_ts: '2.0' }), bot),
    ).toBeUndefined();
    expect(
      draftFromEvent(body({ type: 'message', channel: 'C1', user: 'U9', bot_id: 'B9', text: 'x', ts: '3.0', thread_ts: '1.0' }), bot)!
        .isBot,
    ).toBe(true);
    expect(
      draftFromEvent(body({ type: 'message', subtype: 'channel_join', channel: 'C1', user: 'U1', ts: '3.0', thread_ts: '1.0' }), bot),
    ).toBeUndefined();
  });

  it('maps edits, deletions, reactions, home and uninstall', () => {
    expect(
      draftFromEvent(
        body({
          type: 'message',
          subtype: 'message_changed',
          channel: 'C1',
          message: { user: 'U1', text: 'new', ts: '2.0', thread_ts: '1.0' },
        }),
        bot,
      )!.event,
    ).toMatchObject({ kind: 'reply-edited', message: 'slack:C1:2.0', text: 'new' });
    expect(
      draftFromEvent(
        body({ type: 'message', subtype: 'message_deleted', channel: 'C1', deleted_ts: '2.0', previous_message: { user: 'U1' } }),
        bot,
      ),
    ).toMatchObject({ userId: 'U1', event: { kind: 'reply-deleted', message: 'slack:C1:2.0' } });
    expect(
      draftFromEvent(
        body({ type: 'reaction_removed', user: 'U2', reaction: '+1', item: { type: 'message', channel: 'C1', ts: '2.0' } }),
        bot,
      )!.event,
    ).toMatchObject({ kind: 'reaction-removed', emoji: '+1', message: 'slack:C1:2.0' });
    expect(
      draftFromEvent(body({ type: 'reaction_added', user: 'U2', reaction: '+1', item: { type: 'file', file: 'F1' } }), bot),
    ).toBeUndefined();
    expect(draftFromEvent(body({ type: 'app_home_opened', user: 'U2', tab: 'messages' }), bot)).toBeUndefined();
    expect(draftFromEvent(body({ type: 'app_home_opened', user: 'U2', tab: 'home' }), bot)).toMatchObject({
      interactive: false,
      event: { kind: 'home-opened' },
    });
    expect(draftFromEvent(body({ type: 'tokens_revoked', tokens: { bot: ['U0BOT'] } }), bot)!.event.kind).toBe('workspace-removed');
    expect(draftFromEvent(body({ type: 'app_uninstalled' }), bot)!.event.kind).toBe('workspace-removed');
    // A revoked user token leaves the workspace installed.
    expect(draftFromEvent(body({ type: 'tokens_revoked', tokens: { oauth: ['U1'] } }), bot)).toBeUndefined();
  });

  it('marks commands as interactive and passes their text on unparsed', () => {
    const d = draftFromCommand({ team_id: 'T1', channel_id: 'C1', user_id: 'U1', text: 'stats &lt;@U2|bo&gt;', trigger_id: 'tr1' }, 'T1');
    expect(d).toMatchObject({ interactive: true, event: { kind: 'command', text: 'stats <@U2|bo>', deliveryId: 'cmd:tr1' } });
  });

  it('maps a button press with its action id and a per-press delivery id', () => {
    const d = draftFromAction(
      { trigger_id: 'tr9', team: { id: 'T1' }, user: { id: 'U1' }, channel: { id: 'C1' }, message: { ts: '5.0', thread_ts: '1.0' } },
      { action_id: 'dojo:upvote:3' },
      'T1',
    )!;
    expect(d.event).toMatchObject({
      kind: 'button-pressed',
      actionId: 'dojo:upvote:3',
      message: 'slack:C1:5.0',
      deliveryId: 'act:tr9:dojo:upvote:3',
    });
    expect(d.threadTs).toBe('1.0');
  });

  it('maps a submitted modal to form values: text as typed, ticked checkboxes and multi-select options joined with commas', () => {
    const d = draftFromView(
      {
        team: { id: 'T1' },
        user: { id: 'U1' },
        view: {
          id: 'V1',
          private_metadata: JSON.stringify({ c: 'C1', f: 'dojo:review-form:4' }),
          state: {
            values: {
              covered: { covered: { selected_options: [{ value: '1' }, { value: '3' }] } },
              comment: { comment: { value: null } },
              other: { other: { selected_options: [] } },
            },
          },
        },
      },
      'T1',
    )!;
    expect(d.event).toMatchObject({
      kind: 'form-submitted',
      formId: 'dojo:review-form:4',
      values: { covered: '1,3', comment: '', other: '' },
      deliveryId: 'view:V1',
    });
  });
});

describe('the workspace a delivery belongs to', () => {
  it('is the team for a workspace install, also inside an Enterprise Grid org', () => {
    expect(slackWorkspaceId({ isEnterpriseInstall: false, teamId: 'T1' })).toBe('T1');
    expect(slackWorkspaceId({ isEnterpriseInstall: false, teamId: 'T1', enterpriseId: 'E1' })).toBe('T1');
  });

  it('is the enterprise for an org-wide install, whichever of its workspaces the event names', () => {
    expect(slackWorkspaceId({ isEnterpriseInstall: true, teamId: 'T1', enterpriseId: 'E1' })).toBe('E1');
    expect(slackWorkspaceId({ isEnterpriseInstall: true, teamId: 'T2', enterpriseId: 'E1' })).toBe('E1');
    expect(slackWorkspaceId({ isEnterpriseInstall: true, teamId: null, enterpriseId: 'E1' })).toBe('E1');
  });

  it('is unknown when the payload names none', () => {
    expect(slackWorkspaceId({ isEnterpriseInstall: true, teamId: 'T1' })).toBeUndefined();
    expect(slackWorkspaceId({})).toBeUndefined();
  });

  it('leaves an org-wide command without a workspace name, since one Slack workspace does not name the org', () => {
    const cmd = { team_id: 'T1', team_domain: 'one', user_id: 'U1', trigger_id: 'tr1' };
    expect(draftFromCommand(cmd, 'T1').event.workspaceName).toBe('one');
    expect(draftFromCommand(cmd, 'E1').event).toMatchObject({ workspace: 'E1', workspaceName: undefined });
  });
});

describe('refs', () => {
  it('round-trip and give permalinks', () => {
    expect(parseMessageRef('slack:C1:1764493201.000001')).toEqual({ channel: 'C1', ts: '1764493201.000001' });
    expect(parseMessageRef('discord:1:2')).toBeUndefined();
    expect(permalink('slack:C1:1764493201.000001')).toBe('https://slack.com/archives/C1/p1764493201000001');
  });
});
