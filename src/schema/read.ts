// Read state: markNotificationsRead, markNotificationRead, markAllNotificationsRead. Each
// payload carries the new unread count, asked in the same upstream batch as the change.
import { builder } from './builder.js';
import type { Context } from './context.js';
import { notificationId } from './ids.js';

const ReadScope = builder.enumType('NotificationReadScope', {
  values: {
    ONLY_THIS: { description: 'Just this notification (the default here).' },
    THIS_AND_NEWER: { description: 'This one and every newer one: the REST default, which this API does not copy.' },
  } as const,
});

const ReadPayload = builder.simpleObject('MarkNotificationsReadPayload', {
  fields: (t) => ({
    ids: t.idList({ description: 'The ids asked for (notifications of other users are ignored by the portal).' }),
    read: t.boolean(),
    unreadCount: t.int({ description: 'The viewer\'s unread count after the change.' }),
  }),
});

const ReadAllPayload = builder.simpleObject('MarkAllNotificationsReadPayload', {
  fields: (t) => ({ unreadCount: t.int({ description: 'Confirm notifications stay unread until answered.' }) }),
});

/** Runs `change` and the unread counter in one tick, so they share one batch, in order. */
export async function withUnreadCount<T>(ctx: Context, change: Promise<T>): Promise<[T, number]> {
  const [result, counters] = await Promise.all([change, ctx.notify.counters()]);
  return [result, counters.notify];
}

builder.mutationFields((t) => ({
  markNotificationsRead: t.field({
    type: ReadPayload,
    description: 'im.notify.read.list: marks exactly these notifications read (or unread with read: false; unread also revives notifications sharing their tag).',
    args: { ids: t.arg.idList({ required: true }), read: t.arg.boolean({ defaultValue: true }) },
    resolve: async (_root, args, ctx) => {
      const ids = args.ids.map((id, i) => notificationId(id, `ids[${i}]`));
      const read = args.read ?? true;
      const [, unreadCount] = await withUnreadCount(ctx, ctx.notify.readList(ids, read));
      return { ids: ids.map(String), read, unreadCount };
    },
  }),
  markNotificationRead: t.field({
    type: ReadPayload,
    description: 'im.notify.read: one notification (scope ONLY_THIS, the default) or it and all newer ones.',
    args: {
      id: t.arg.id({ required: true }),
      read: t.arg.boolean({ defaultValue: true }),
      scope: t.arg({ type: ReadScope, defaultValue: 'ONLY_THIS' }),
    },
    resolve: async (_root, args, ctx) => {
      const id = notificationId(args.id, 'id');
      const read = args.read ?? true;
      const [, unreadCount] = await withUnreadCount(ctx, ctx.notify.read(id, { read, onlyThis: args.scope !== 'THIS_AND_NEWER' }));
      return { ids: [String(id)], read, unreadCount };
    },
  }),
  markAllNotificationsRead: t.field({
    type: ReadAllPayload,
    description: 'im.notify.read.all: everything read except confirm notifications.',
    resolve: async (_root, _args, ctx) => ({ unreadCount: (await ctx.notify.readAll()).newCounter }),
  }),
}));
