// Live notifications: notificationEvents and the unread count, fed by the identity's watcher
// (src/live). A subscriber only ever hears its own identity's inbox.
import type { LiveEvent } from '../live/diff.js';
import { callbackStream } from '../live/stream.js';
import { builder } from './builder.js';
import type { Context } from './context.js';
import { exposeError } from './errors.js';
import { Notification, NotificationKind } from './notification.js';
import { primeUsers } from './user.js';

const NotificationEvent = builder.interfaceRef<LiveEvent>('NotificationEvent').implement({
  description: 'A change in the viewer\'s inbox. Every event carries the unread count after it.',
  fields: (t) => ({ unreadCount: t.exposeInt('unreadCount') }),
  resolveType: (event) =>
    ({ added: 'NotificationAdded', updated: 'NotificationUpdated', removed: 'NotificationRemoved', unreadCount: 'UnreadCountChanged' })[event.type],
});

type WithNotification = Extract<LiveEvent, { notification: unknown }>;

builder.objectRef<WithNotification>('NotificationAdded').implement({
  interfaces: [NotificationEvent],
  description: 'A new notification (delivered oldest first).',
  fields: (t) => ({ notification: t.field({ type: Notification, resolve: (e) => e.notification }) }),
});
builder.objectRef<WithNotification>('NotificationUpdated').implement({
  interfaces: [NotificationEvent],
  description: 'A notification on the first page changed its read state.',
  fields: (t) => ({ notification: t.field({ type: Notification, resolve: (e) => e.notification }) }),
});
builder.objectRef<WithNotification>('NotificationRemoved').implement({
  interfaces: [NotificationEvent],
  description: 'A notification on the first page was deleted, confirmed, or replaced by a newer one with its tag.',
  fields: (t) => ({
    id: t.id({ resolve: (e) => e.notification.id }),
    notification: t.field({ type: Notification, description: 'As it was last seen.', resolve: (e) => e.notification }),
  }),
});
builder.objectRef<Extract<LiveEvent, { type: 'unreadCount' }>>('UnreadCountChanged').implement({
  interfaces: [NotificationEvent],
  description: 'The unread count changed without a change on the first page.',
  fields: () => ({}),
});

builder.subscriptionFields((t) => ({
  notificationEvents: t.field({
    type: NotificationEvent,
    description: 'Changes in the viewer\'s inbox: additions always (none lost), updates and removals within the first page (50).',
    args: {
      kinds: t.arg({ type: [NotificationKind], description: 'Only notifications of these kinds.' }),
      modules: t.arg.stringList({ description: 'Only notifications of these modules.' }),
    },
    subscribe: (_root, args, ctx) => {
      let heard: number | undefined;
      return inbox<LiveEvent>(ctx, (events) => {
        const wanted = events.filter((event) => {
          if (event.type === 'unreadCount') return true;
          const n = event.notification;
          return (!args.kinds?.length || args.kinds.includes(n.notify_type)) && (!args.modules?.length || args.modules.includes(n.notify_module));
        });
        // Changes this subscriber filters out still move the count it last heard.
        const count = events[events.length - 1].unreadCount;
        const out: LiveEvent[] = wanted.length === 0 && count !== heard ? [{ type: 'unreadCount', unreadCount: count }] : wanted;
        if (out.length > 0) heard = count;
        return out;
      });
    },
    resolve: (event) => event,
  }),
  unreadNotificationCount: t.int({
    description: 'The viewer\'s unread count: the current value first, then every change.',
    subscribe: (_root, _args, ctx) => {
      let last: number | undefined;
      const changed = (count: number): number[] => (count === last ? [] : [(last = count)]);
      return inbox<number>(ctx, (events) => changed(events[events.length - 1].unreadCount), async () => changed(await ctx.live.unreadCount(ctx.identity)));
    },
    resolve: (count) => count,
  }),
}));

// A stream of what `pick` makes of the events of each poll of the identity's watcher. A
// watcher that gives up (an expired token nobody can refresh) ends the stream with that error.
function inbox<T>(ctx: Context, pick: (events: LiveEvent[]) => T[], first?: () => Promise<T[]>): AsyncIterable<T> {
  return callbackStream<T>(({ push, end }) => {
    // The first value (e.g. the current count) goes out before any change the watcher reports.
    const early: T[] = [];
    let started = !first;
    const deliver = (value: T) => (started ? push(value) : early.push(value));
    const unlisten = ctx.live.listen(ctx.identity, (signal) => {
      if (signal.type === 'failed') return end(exposeError(signal.error) ?? signal.error);
      primeUsers(ctx, signal.users);
      for (const value of pick(signal.events)) deliver(value);
    });
    first?.().then(
      (values) => {
        for (const value of values) push(value);
        started = true;
        for (const value of early.splice(0)) push(value);
      },
      (error: unknown) => end(exposeError(error) ?? error),
    );
    return unlisten;
  });
}
