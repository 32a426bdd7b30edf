export * from './workspaces.js';
export * from './schedule.js';
export * from './content.js';
export * from './rounds.js';
export * from './scoring.js';
export * from './events.js';
export * from './quiz.js';
export * from './installations.js';
