import { actions } from '../actions.js';
import { privately } from '../messages.js';
import { defineCommand } from './command.js';

export const forgetMe = defineCommand({
  name: 'forget-me',
  aliases: ['forgetme'],
  summary: 'Erase your answers, votes and points (asks first).',
  admin: false,
  params: [],
  async run() {
    return privately({
      text: 'This erases your answers, the votes you gave and received, your points and quiz history in this workspace. It cannot be undone.',
      buttons: [
        { label: 'Erase my data', actionId: actions.forgetConfirm(), style: 'danger' },
        { label: 'Cancel', actionId: actions.forgetCancel() },
      ],
    });
  },
});
