// User: notification authors and the viewer. Authors arrive in the same answer as the
// notifications (users[]), which primes the loader, so an author never costs a call.
import type { NotificationUser } from '../bitrix/notify-types.js';
import { builder } from './builder.js';
import type { Context } from './context.js';

export const User = builder.loadableObject('User', {
  description: 'A portal user: a notification author, or the viewer.',
  load: async (ids: number[], ctx: Context) => {
    const users = await ctx.caller.call<NotificationUser[]>('im.user.list.get', { ID: ids, RESULT_TYPE: 'array' });
    const byId = new Map(users.map((u) => [u.id, u]));
    return ids.map((id) => byId.get(id) ?? new Error(`User ${id} was not found on the portal`));
  },
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name'),
    firstName: t.exposeString('first_name'),
    lastName: t.exposeString('last_name'),
    workPosition: t.exposeString('work_position'),
    active: t.exposeBoolean('active'),
    avatarUrl: t.string({ nullable: true, resolve: (u) => u.avatar || null }),
    color: t.exposeString('color'),
    email: t.string({ nullable: true, resolve: (u) => u.email || null }),
    isBot: t.exposeBoolean('bot'),
  }),
});

/** Puts authors from a notifications answer into the loader, so resolving them is free. */
export function primeUsers(ctx: Context, users: NotificationUser[]): void {
  const loader = User.getDataloader(ctx);
  for (const user of users) loader.prime(user.id, user);
}

builder.queryField('viewer', (t) =>
  t.field({
    type: User,
    description: 'The portal user this API acts as.',
    resolve: async (_root, _args, ctx) => ctx.identity.userId,
  }),
);
