// deleteNotifications: by ids (the viewer's own), or by tag / sub-tag (portal-wide).
import type { DeleteTarget } from '../bitrix/notify-types.js';
import { builder } from './builder.js';
import { InputError } from './errors.js';
import { notificationId } from './ids.js';
import { withUnreadCount } from './read.js';

const DeleteInput = builder.inputType('DeleteNotificationsInput', {
  description: 'Exactly one of ids, tag or subTag.',
  fields: (t) => ({
    ids: t.idList({ description: 'The viewer\'s own notifications.' }),
    tag: t.string({ description: 'Removes this application\'s notifications with the tag for EVERY recipient on the portal, not just the viewer.' }),
    subTag: t.string({ description: 'Like tag, on the sub-tag: portal-wide.' }),
    clientId: t.string({ description: 'Webhook mode only: the client id whose tag space to use (the portal requires one).' }),
  }),
});

const DeletePayload = builder.simpleObject('DeleteNotificationsPayload', {
  fields: (t) => ({
    deleted: t.boolean({ description: 'By ids or subTag: whether anything matched. By tag the portal always says true.' }),
    unreadCount: t.int(),
  }),
});

builder.mutationField('deleteNotifications', (t) =>
  t.field({
    type: DeletePayload,
    description: 'im.notify.delete. Careful: by tag or subTag it deletes matching notifications of every recipient on the portal.',
    args: { input: t.arg({ type: DeleteInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const given = (['ids', 'tag', 'subTag'] as const).filter((k) => input[k] != null);
      if (given.length !== 1) throw new InputError('PARAMS_ERROR', `input must give exactly one of ids, tag or subTag, got ${given.length ? given.join(' and ') : 'none'}`, 'input');
      const clientId = input.clientId ?? undefined;
      const target: DeleteTarget = input.ids
        ? { ids: input.ids.map((id, i) => notificationId(id, `input.ids[${i}]`)) }
        : input.tag != null ? { tag: input.tag, clientId } : { subTag: input.subTag!, clientId };
      const [deleted, unreadCount] = await withUnreadCount(ctx, ctx.notify.delete(target));
      return { deleted, unreadCount };
    },
  }),
);
