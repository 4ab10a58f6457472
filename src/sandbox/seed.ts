// The demo portal: a small company with webhooks, an OAuth app, and a realistic inbox mix
// (system, personal, confirm with buttons, answerable, attachments, tagged groups).
import { createApp, createUser, createWebhook } from './directory.js';
import { storeNotification } from './notifications.js';
import type { Portal } from './portal.js';
import type { SeededWebhook } from './options.js';
import { NOTIFY_CONFIRM, NOTIFY_FROM, NOTIFY_SYSTEM, type NotifyType, appKey } from './state.js';
import { storeText } from './text.js';

const PEOPLE = [
  { firstName: 'Anna', lastName: 'Petrova', workPosition: 'Head of Sales', gender: 'F' },
  { firstName: 'Boris', lastName: 'Ivanov', workPosition: 'Account Manager', gender: 'M' },
  { firstName: 'Chloe', lastName: 'Martin', workPosition: 'Support Engineer', gender: 'F' },
  { firstName: 'David', lastName: 'Okafor', workPosition: 'Developer', gender: 'M' },
] as const;

/** The demo app's client id; its tags are stored as `MP|<appKey>|…`. */
export const DEMO_APP_ID = 'local.sandboxdemo0001.00000001';

/** Seeds `demo` content into an empty portal; `empty` leaves it empty. */
export function seedPortal(portal: Portal, seed: 'demo' | 'empty'): void {
  if (seed === 'empty') return;
  const state = portal.state;
  const now = Math.floor(portal.now());
  const users = PEOPLE.map((p, i) => createUser(state, { ...p, phones: { work_phone: `+1 555 010${i}` } }, now));
  for (const user of users) createWebhook(state, { userId: user.id, scopes: ['im', 'user'] });
  createApp(state, { clientId: DEMO_APP_ID, clientSecret: 'sandbox-demo-secret', name: 'Sandbox CRM' });

  const [anna, boris, chloe, david] = users.map((u) => u.id);
  const tag = (t: string): string => `MP|${appKey(DEMO_APP_ID)}|${t}`;
  let minutesAgo = 60 * 30;
  const add = (userId: number, authorId: number, type: NotifyType, message: string, extra: Partial<Parameters<typeof storeNotification>[1]> = {}): void => {
    minutesAgo -= 37;
    storeNotification(state, {
      userId, authorId, type, date: now - minutesAgo * 60, module: 'rest', event: 'rest_notify',
      tag: '', subTag: '', title: '', message: storeText(message), messageOut: '', buttons: null, params: null, read: false,
      ...extra,
    });
  };

  for (const recipient of [anna, boris, chloe, david]) {
    add(recipient, 0, NOTIFY_SYSTEM, 'Welcome to the sandbox portal. Every notification here came from the demo seed.', { read: true });
    add(recipient, 0, NOTIFY_SYSTEM, 'Scheduled maintenance tonight from 23:00 to 23:30 (UTC+3).', { module: 'main', event: 'admin_notification' });
  }
  add(anna, boris, NOTIFY_FROM, 'I moved the [b]Acme Corp[/b] deal to negotiation.#BR#Can you review the discount?');
  add(anna, chloe, NOTIFY_FROM, 'Ticket #4812 is waiting for your answer.', { params: { CAN_ANSWER: 'Y' } });
  add(anna, david, NOTIFY_CONFIRM, 'David Okafor invites you to the meeting "Q3 pipeline review" on Friday at 10:00.', {
    module: 'calendar', event: 'invite', title: 'Meeting invitation',
    buttons: [{ TITLE: 'Accept', VALUE: 'Y', TYPE: 'accept' }, { TITLE: 'Decline', VALUE: 'N', TYPE: 'cancel' }],
  });
  add(anna, 0, NOTIFY_SYSTEM, 'Weekly sales report is ready', {
    params: { ATTACH: [{ ID: now, BLOCKS: [{ MESSAGE: 'Revenue: 1,240,000' }, { LINK: { NAME: 'Open report', LINK: 'https://example.test/reports/weekly' } }], DESCRIPTION: '', COLOR: '#2fc6f6', COLOR_TOKEN: 'base' }] },
  });
  add(anna, boris, NOTIFY_FROM, 'Boris Ivanov commented on task "Prepare offer": looks good to me', {
    tag: tag('task|17'), params: { USERS: [chloe] },
  });
  add(anna, 0, NOTIFY_SYSTEM, 'Your password expires in 5 days.', { module: 'main', event: 'rating_vote' });
  add(boris, anna, NOTIFY_CONFIRM, 'Anna Petrova asks you to join the group "Key accounts".', {
    module: 'socialnetwork', event: 'invite_group', buttons: [{ TITLE: 'Join', VALUE: 'Y', TYPE: 'accept' }, { TITLE: 'Not now', VALUE: 'N', TYPE: 'cancel' }],
  });
  add(boris, chloe, NOTIFY_FROM, 'Can you call the client back about invoice 2024-118?', { params: { CAN_ANSWER: 'Y' } });
  add(chloe, anna, NOTIFY_FROM, 'Great job on the escalation yesterday!', { module: 'im', event: 'mention' });
  add(david, 0, NOTIFY_SYSTEM, 'Build #512 failed on main. https://ci.example.test/builds/512');
}

/** Webhook URLs of the seeded users, for the startup banner and the reset answer. */
export function webhookUrls(portal: Portal): SeededWebhook[] {
  return Object.values(portal.state.webhooks).map((w) => ({ userId: w.userId, secret: w.secret, url: `${portal.url}/rest/${w.userId}/${w.secret}/` }));
}

const ACTIVITY = [
  'New lead "Globex" assigned to you',
  'Task "Update price list" is due tomorrow',
  'Your expense report was approved',
  'A customer rated your answer 5 stars',
  'Deal "Initech renewal" moved to Won',
];

/** Sends one demo notification to a random active user; the activity generator's tick. */
export function sendActivity(portal: Portal): void {
  const users = Object.values(portal.state.users).filter((u) => u.active && u.externalAuthId === 'default');
  if (users.length === 0) return;
  const recipient = users[Math.floor(Math.random() * users.length)];
  const author = users[Math.floor(Math.random() * users.length)];
  const personal = author.id !== recipient.id && Math.random() < 0.5;
  storeNotification(portal.state, {
    userId: recipient.id, authorId: personal ? author.id : 0, type: personal ? NOTIFY_FROM : NOTIFY_SYSTEM,
    date: Math.floor(portal.now()), module: 'rest', event: 'rest_notify', tag: '', subTag: '', title: '',
    message: storeText(ACTIVITY[Math.floor(Math.random() * ACTIVITY.length)]), messageOut: '', buttons: null, params: null, read: false,
  });
}
