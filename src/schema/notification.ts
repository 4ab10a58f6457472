// Notification, its buttons, and the inbox: Query.notifications and the unread count.
import type { Notification as NotificationRecord } from '../bitrix/notify-types.js';
import { builder } from './builder.js';
import { decodeCursor, encodeEventCursor } from './cursor.js';
import { selects } from './selection.js';
import { DEFAULT_PAGE, connectionOf, pageSize, rowsToFetch } from './paging.js';
import { User, primeUsers } from './user.js';

export const NotificationKind = builder.enumType('NotificationKind', {
  values: {
    CONFIRM: { value: 1, description: 'Has buttons; answered with confirmNotification.' },
    PERSONAL: { value: 2, description: 'Sent by a user (the author).' },
    SYSTEM: { value: 4, description: 'Sent by the portal or an application; no author.' },
  } as const,
});

export const ButtonKind = builder.enumType('NotificationButtonKind', { values: ['ACCEPT', 'CANCEL'] as const });

interface ButtonRecord {
  title: string;
  value: string;
  kind: 'ACCEPT' | 'CANCEL';
}

const NotificationButton = builder.objectRef<ButtonRecord>('NotificationButton').implement({
  fields: (t) => ({
    title: t.exposeString('title'),
    value: t.exposeString('value', { description: 'Pass to confirmNotification(value:).' }),
    kind: t.field({ type: ButtonKind, resolve: (b) => b.kind }),
  }),
});

export const Notification = builder.objectRef<NotificationRecord>('Notification').implement({
  fields: (t) => ({
    id: t.exposeID('id'),
    kind: t.field({ type: NotificationKind, resolve: (n) => n.notify_type }),
    author: t.field({ type: User, nullable: true, description: 'Null for system notifications.', resolve: (n) => n.author_id || null }),
    date: t.field({ type: 'DateTime', resolve: (n) => n.date }),
    module: t.exposeString('notify_module'),
    event: t.exposeString('notify_event'),
    settingName: t.exposeString('setting_name'),
    tag: t.string({ nullable: true, resolve: (n) => n.notify_tag || null }),
    subTag: t.string({ nullable: true, resolve: (n) => n.notify_sub_tag || null }),
    title: t.string({ nullable: true, resolve: (n) => n.notify_title || null }),
    text: t.exposeString('text'),
    read: t.boolean({ resolve: (n) => n.notify_read === 'Y' }),
    canAnswer: t.boolean({ description: 'Whether answerNotification makes sense for it.', resolve: (n) => n.params?.CAN_ANSWER === 'Y' }),
    buttons: t.field({ type: [NotificationButton], complexity: { field: 1, multiplier: 2 }, resolve: (n) => parseButtons(n.notify_buttons) }),
    attachments: t.field({ type: 'JSON', nullable: true, resolve: (n) => n.params?.ATTACH ?? null }),
    params: t.field({ type: 'JSON', nullable: true, description: 'The raw params bag (ATTACH, USERS, CAN_ANSWER, …).', resolve: (n) => n.params }),
  }),
});

builder.queryField('notifications', (t) =>
  t.connection(
    {
      type: Notification,
      description: 'The viewer\'s notifications: confirm notifications first, then the newest. Pages forward only.',
      // The edges list multiplies by the default list multiplier (10) again, so scale first down.
      complexity: (args) => ({ field: 2, multiplier: Math.ceil((args.first ?? DEFAULT_PAGE) / 10) }),
      resolve: async (_root, args, ctx, info) => {
        const first = pageSize(args, 'notifications');
        const params = { ...(args.after ? decodeCursor(args.after, 'after') : {}), limit: rowsToFetch(first) };
        // Asked together with the page, the live position's look (when it needs one) shares its batch.
        const position = selects(info, 'eventCursor') ? ctx.live.position(ctx.identity, ctx.notify) : undefined;
        position?.catch(() => undefined);
        const page = await ctx.notify.list(params);
        primeUsers(ctx, page.users);
        return {
          ...connectionOf(page.notifications, first, args.after),
          totalCount: page.totalCount,
          unreadCount: page.totalUnreadCount,
          position,
        };
      },
    },
    {
      fields: (c) => ({
        totalCount: c.int({ description: 'All of the viewer\'s notifications.', resolve: (conn) => conn.totalCount }),
        unreadCount: c.int({ description: 'Unread notifications; the portal stops counting at 100.', resolve: (conn) => conn.unreadCount }),
        eventCursor: c.string({
          description:
            'The live position when this page was read: notificationEvents(after: eventCursor) hears every change after it, none lost. Changes the page already shows may be heard again; apply events by id.',
          resolve: async (conn, _args, ctx) => encodeEventCursor(ctx.identity.userId, await (conn.position ?? ctx.live.position(ctx.identity, ctx.notify))),
        }),
      }),
    },
  ),
);

builder.queryField('unreadNotificationCount', (t) =>
  t.int({
    description: 'Unread notifications of the viewer (stops at 100, as the portal counts).',
    resolve: async (_root, _args, ctx) => (await ctx.notify.counters()).notify,
  }),
);

// notify_buttons is the messenger's keyboard JSON: COMMAND_PARAMS is "<id>|<value>".
function parseButtons(json: string | undefined): ButtonRecord[] {
  if (!json) return [];
  try {
    const buttons = JSON.parse(json) as Array<{ TEXT: string; COMMAND_PARAMS: string; BG_COLOR?: string }>;
    return buttons.map((b) => ({
      title: b.TEXT,
      value: b.COMMAND_PARAMS.slice(b.COMMAND_PARAMS.indexOf('|') + 1),
      kind: b.BG_COLOR?.toUpperCase() === '#8BC84B' ? 'ACCEPT' : 'CANCEL',
    }));
  } catch {
    return [];
  }
}
