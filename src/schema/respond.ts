// Answering: answerNotification (quick reply) and confirmNotification (press a button).
import { builder } from './builder.js';
import { InputError } from './errors.js';
import { notificationId } from './ids.js';
import { withUnreadCount } from './read.js';

const AnswerPayload = builder.simpleObject('AnswerNotificationPayload', {
  fields: (t) => ({
    answered: t.boolean({ description: 'False when the notification is not the viewer\'s (nothing happened).' }),
    messages: t.stringList({ description: 'What the handling module said.' }),
  }),
});

const ConfirmPayload = builder.simpleObject('ConfirmNotificationPayload', {
  fields: (t) => ({
    confirmed: t.boolean({ description: 'False when it is not the viewer\'s confirm notification.' }),
    messages: t.stringList({ description: 'What the handling module said; empty when no button has that value.' }),
    unreadCount: t.int({ description: 'A confirmed notification is deleted; the unread count after that.' }),
  }),
});

builder.mutationFields((t) => ({
  answerNotification: t.field({
    type: AnswerPayload,
    description: 'im.notify.answer: reply to a notification. Nothing stored changes.',
    args: { id: t.arg.id({ required: true }), text: t.arg.string({ required: true }) },
    resolve: async (_root, args, ctx) => {
      if (args.text.trim() === '') throw new InputError('ANSWER_TEXT_ERROR', "text: ANSWER_TEXT can't be empty", 'text');
      const messages = await ctx.notify.answer(notificationId(args.id, 'id'), args.text);
      return { answered: messages !== false, messages: messages || [] };
    },
  }),
  confirmNotification: t.field({
    type: ConfirmPayload,
    description: 'im.notify.confirm: press a button (use a NotificationButton.value). The notification is then deleted.',
    args: { id: t.arg.id({ required: true }), value: t.arg.string({ required: true }) },
    resolve: async (_root, args, ctx) => {
      const [messages, unreadCount] = await withUnreadCount(ctx, ctx.notify.confirm(notificationId(args.id, 'id'), args.value));
      return { confirmed: messages !== false, messages: messages || [], unreadCount };
    },
  }),
}));
