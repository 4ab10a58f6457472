// Live notifications: notificationEvents and the unread count, fed by the viewer's user feed
// (src/live). A subscriber only ever hears its own user's inbox, and only once its own
// credential has read it.
import type { FeedSignal, ListenOptions } from '../live/feed.js';
import type { LoggedEvent } from '../live/log.js';
import { callbackStream } from '../live/stream.js';
import { builder } from './builder.js';
import type { Context } from './context.js';
import { decodeEventCursor, encodeEventCursor } from './cursor.js';
import { exposeError } from './errors.js';
import { Notification, NotificationKind } from './notification.js';
import { primeUsers } from './user.js';

const NotificationEvent = builder.interfaceRef<LoggedEvent>('NotificationEvent').implement({
  description: 'A change in the viewer\'s inbox. Every event carries the unread count after it, and its place in the stream.',
  fields: (t) => ({
    unreadCount: t.exposeInt('unreadCount'),
    cursor: t.string({
      description: 'Opaque, increasing with every event of the viewer. Pass the last one heard to notificationEvents(after:) to resume.',
      resolve: (event, _args, ctx) => encodeEventCursor(ctx.identity.userId, event.position),
    }),
  }),
  resolveType: (event) =>
    ({
      added: 'NotificationAdded', updated: 'NotificationUpdated', removed: 'NotificationRemoved', unreadCount: 'UnreadCountChanged', resync: 'NotificationEventsResync',
    })[event.type],
});

type WithNotification = Extract<LoggedEvent, { notification: unknown }>;

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
builder.objectRef<Extract<LoggedEvent, { type: 'unreadCount' }>>('UnreadCountChanged').implement({
  interfaces: [NotificationEvent],
  description: 'The unread count changed without a change on the first page.',
  fields: () => ({}),
});

const ResyncReason = builder.enumType('NotificationEventsResyncReason', {
  values: {
    HISTORY_EXPIRED: { description: 'The events after the cursor are older than the event log keeps.' },
    HISTORY_LOST: { description: 'The event log the cursor points into is gone, e.g. the server restarted.' },
    TOO_MANY_CHANGES: { description: 'More notifications arrived than one look reads (2,500); some additions were not told.' },
  } as const,
});

builder.objectRef<Extract<LoggedEvent, { type: 'resync' }>>('NotificationEventsResync').implement({
  interfaces: [NotificationEvent],
  description:
    'Changes were missed that cannot be told one by one (read states and removals; additions are told before this event when they can be recovered). Read the first page again; later events follow from here.',
  fields: (t) => ({ reason: t.field({ type: ResyncReason, resolve: (e) => e.reason }) }),
});

builder.subscriptionFields((t) => ({
  notificationEvents: t.field({
    type: NotificationEvent,
    description:
      'Changes in the viewer\'s inbox: additions always (none lost), updates and removals within the first page (50). With `after`, every event after that cursor first, then live.',
    args: {
      after: t.arg.string({ description: 'A cursor heard before (an event\'s cursor, or the notifications connection\'s eventCursor): resume after it.' }),
      kinds: t.arg({ type: [NotificationKind], description: 'Only notifications of these kinds.' }),
      modules: t.arg.stringList({ description: 'Only notifications of these modules.' }),
    },
    subscribe: (_root, args, ctx) => {
      // Refused before anything is asked or sent.
      const after = args.after == null ? undefined : decodeEventCursor(args.after, ctx.identity.userId, 'after');
      let heard: number | undefined;
      return inbox<LoggedEvent>(ctx, { after }, (events) => {
        const wanted = events.filter((event) => {
          if (event.type === 'unreadCount' || event.type === 'resync') return true;
          const n = event.notification;
          return (!args.kinds?.length || args.kinds.includes(n.notify_type)) && (!args.modules?.length || args.modules.includes(n.notify_module));
        });
        // Changes this subscriber filters out still move the count it last heard.
        const lastEvent = events[events.length - 1];
        const out: LoggedEvent[] =
          wanted.length === 0 && lastEvent.unreadCount !== heard ? [{ type: 'unreadCount', unreadCount: lastEvent.unreadCount, position: lastEvent.position }] : wanted;
        if (out.length > 0) heard = lastEvent.unreadCount;
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
      return inbox<number>(ctx, { count: true }, (events) => changed(events[events.length - 1].unreadCount), changed);
    },
    resolve: (count) => count,
  }),
}));

// A stream of what `pick` makes of each batch of events of the viewer's feed. A refused
// credential ends the stream with the portal's error.
function inbox<T>(ctx: Context, options: ListenOptions, pick: (events: LoggedEvent[]) => T[], attached?: (count: number) => T[]): AsyncIterable<T> {
  return callbackStream<T>(({ push, end }) =>
    ctx.live.listen(
      ctx.identity,
      (signal: FeedSignal) => {
        if (signal.type === 'failed') return end(exposeError(signal.error) ?? signal.error);
        if (signal.type === 'attached') {
          for (const value of attached?.(signal.unreadCount) ?? []) push(value);
          return;
        }
        primeUsers(ctx, signal.users);
        for (const value of pick(signal.events)) push(value);
      },
      options,
    ),
  );
}
