// NotificationHistory: searching the viewer's notifications (im.notify.history.search).
import type { SearchParams } from '../bitrix/notify-types.js';
import { builder } from './builder.js';
import { decodeCursor } from './cursor.js';
import { DEFAULT_PAGE, connectionOf, pageSize, rowsToFetch } from './paging.js';
import { parseId } from './ids.js';
import { Notification } from './notification.js';
import { primeUsers } from './user.js';

const HistoryGroup = builder.enumType('NotificationHistoryGroup', {
  values: { CONFIRM: { value: 'confirm' }, MENTION: { value: 'mention' }, ADMIN: { value: 'admin' } } as const,
});

const HistoryFilter = builder.inputType('NotificationHistoryFilter', {
  description: 'All given criteria must match. A text shorter than 3 characters needs another criterion.',
  fields: (t) => ({
    text: t.string({ description: 'Every word must occur in the text.' }),
    types: t.stringList({ description: 'One `module` or `module|event`; several items match modules only.' }),
    date: t.field({ type: 'DateTime', description: 'That day: [date, date + 1 day].' }),
    dateFrom: t.field({ type: 'DateTime', description: 'With dateTo: [dateFrom, dateTo + 1 day].' }),
    dateTo: t.field({ type: 'DateTime' }),
    authorIds: t.idList({ description: 'Authors; 0 selects system notifications.' }),
    group: t.field({ type: HistoryGroup, description: 'Narrows the other criteria; not a criterion on its own.' }),
  }),
});

builder.queryField('notificationHistory', (t) =>
  t.connection(
    {
      type: Notification,
      description: 'Search the viewer\'s notifications, newest first. Pages forward only.',
      args: { filter: t.arg({ type: HistoryFilter, required: true }) },
      complexity: (args) => ({ field: 2, multiplier: Math.ceil((args.first ?? DEFAULT_PAGE) / 10) }),
      resolve: async (_root, args, ctx) => {
        const first = pageSize(args, 'notificationHistory');
        const f = args.filter;
        const params: SearchParams = {
          text: f.text ?? undefined,
          types: f.types ?? undefined,
          date: rfc3339(f.date),
          dateFrom: rfc3339(f.dateFrom),
          dateTo: rfc3339(f.dateTo),
          authors: f.authorIds?.map((id, i) => parseId(id, `filter.authorIds[${i}]`, { noun: 'a user id, or 0 for system notifications', zero: true })),
          groupTag: f.group ?? undefined,
          lastId: args.after ? decodeCursor(args.after, 'after').lastId : undefined,
          limit: rowsToFetch(first),
        };
        const page = await ctx.notify.search(params);
        primeUsers(ctx, page.users);
        return {
          ...connectionOf(page.notifications, first, args.after),
          totalCount: page.totalResults,
        };
      },
    },
    {
      name: 'NotificationHistory',
      fields: (c) => ({
        totalCount: c.int({ nullable: true, description: 'All matches; only on the first page.', resolve: (conn) => conn.totalCount }),
      }),
    },
  ),
);

// The portal parses Y-m-d\TH:i:sP; an explicit +00:00 is safer than Z there (spec D.12).
const rfc3339 = (date: Date | null | undefined): string | undefined => date?.toISOString().replace(/\.\d{3}Z$/, '+00:00');
