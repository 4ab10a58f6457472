// NotificationSchema: the portal's notification types by module (im.notify.schema.get).
import type { NotificationSchemaEvent, NotificationSchemaModule } from '../bitrix/notify-types.js';
import { builder } from './builder.js';

const NotificationType = builder.objectRef<NotificationSchemaEvent>('NotificationType').implement({
  description: 'A kind of notification a module sends, e.g. `im|mention`.',
  fields: (t) => ({
    id: t.exposeString('ID', { description: '`module|event`, as in Notification.settingName.' }),
    name: t.exposeString('NAME'),
  }),
});

const NotificationModule = builder.objectRef<NotificationSchemaModule>('NotificationModule').implement({
  fields: (t) => ({
    id: t.exposeString('MODULE_ID'),
    name: t.exposeString('NAME'),
    types: t.field({ type: [NotificationType], complexity: { field: 1, multiplier: 3 }, resolve: (m) => m.LIST }),
  }),
});

const NotificationSchema = builder.objectRef<NotificationSchemaModule[]>('NotificationSchema').implement({
  description: 'Which modules send notifications, and of which types.',
  fields: (t) => ({
    modules: t.field({ type: [NotificationModule], complexity: { field: 1, multiplier: 3 }, resolve: (modules) => modules }),
  }),
});

builder.queryField('notificationSchema', (t) =>
  t.field({
    type: NotificationSchema,
    resolve: async (_root, _args, ctx) => Object.values(await ctx.notify.schema()),
  }),
);
