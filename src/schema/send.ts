// Sending: sendNotification (im.notify), the personal/system shortcuts, and bulk
// sendNotifications, which the client batches 50 to a request under the rate shaper.
import type { NotificationInput } from '../bitrix/notify-types.js';
import { builder } from './builder.js';
import type { Context } from './context.js';
import { InputError, UPSTREAM_OUTCOME_UNKNOWN, exposeError } from './errors.js';
import { userId } from './ids.js';

/** Most notifications one sendNotifications call may carry. */
export const MAX_BULK = 1000;

const SendKind = builder.enumType('NotificationSendKind', { values: ['PERSONAL', 'SYSTEM'] as const });

const SendInput = builder.inputType('SendNotificationInput', {
  fields: (t) => ({
    userId: t.id({ required: true, description: 'Recipient.' }),
    kind: t.field({ type: SendKind, defaultValue: 'PERSONAL', description: 'PERSONAL is authored by the viewer; SYSTEM has no author.' }),
    message: t.string({ required: true, description: 'BB codes allowed; `[BR]` or a newline breaks lines.' }),
    messageOut: t.string({ description: 'Text for e-mail and push.' }),
    tag: t.string({ description: 'OAuth mode only. A newer notification with the same tag replaces older ones.' }),
    subTag: t.string({ description: 'OAuth mode only.' }),
    attach: t.field({ type: 'JSON', description: 'ATTACH blocks (upper-case keys); under 60,000 characters of JSON.' }),
  }),
});

const SendPayload = builder.simpleObject('SendNotificationPayload', {
  description: '`sent` is false when the portal stored nothing (unknown, inactive or external recipient).',
  fields: (t) => ({
    sent: t.boolean(),
    notificationId: t.id({ nullable: true }),
  }),
});

const SendOutcome = builder.enumType('SendOutcome', {
  description: 'What became of one notification of a bulk send: resend only NOT_SENT ones.',
  values: {
    SENT: { description: 'The portal stored it.' },
    NOT_SENT: { description: 'Provably not stored: refused by the portal or by the facade, withdrawn before it was sent, or `sent: false`.' },
    UNKNOWN: { description: 'The answer was lost after it was sent (UPSTREAM_OUTCOME_UNKNOWN): it may be stored. Check before sending it again.' },
  } as const,
});

const ItemError = builder.simpleObject('SendNotificationError', {
  fields: (t) => ({ code: t.string(), message: t.string() }),
});

const BulkResult = builder.simpleObject('SendNotificationsResult', {
  description: 'One result per input, in input order.',
  fields: (t) => ({
    index: t.int(),
    sent: t.boolean(),
    outcome: t.field({ type: SendOutcome }),
    notificationId: t.id({ nullable: true }),
    error: t.field({ type: ItemError, nullable: true }),
  }),
});

type Input = typeof SendInput.$inferInput;

async function send(ctx: Context, input: Input, kind: 'PERSONAL' | 'SYSTEM', field: string) {
  const params = toParams(ctx, input, field);
  const id = await (kind === 'SYSTEM' ? ctx.notify.sendSystem(params) : ctx.notify.sendPersonal(params));
  return { sent: id !== false, notificationId: id === false ? null : String(id) };
}

// Tags are dropped silently by the portal for webhooks (spec D.0.1): refuse instead.
function toParams(ctx: Context, input: Input, field: string): NotificationInput {
  for (const name of ['tag', 'subTag'] as const) {
    if (input[name] != null && ctx.mode === 'webhook') {
      throw new InputError('TAG_NOT_SUPPORTED', `${field}.${name}: tags only work when calling as an OAuth application; in webhook mode the portal would drop them silently`, `${field}.${name}`);
    }
  }
  return {
    userId: userId(input.userId, `${field}.userId`),
    message: input.message,
    messageOut: input.messageOut ?? undefined,
    tag: input.tag ?? undefined,
    subTag: input.subTag ?? undefined,
    attach: (input.attach ?? undefined) as NotificationInput['attach'],
  };
}

builder.mutationFields((t) => ({
  sendNotification: t.field({
    type: SendPayload,
    description: 'im.notify: a personal or system notification.',
    args: { input: t.arg({ type: SendInput, required: true }) },
    resolve: (_root, { input }, ctx) => send(ctx, input, input.kind ?? 'PERSONAL', 'input'),
  }),
  sendPersonalNotification: t.field({
    type: SendPayload,
    description: 'im.notify.personal.add: authored by the viewer (kind is ignored).',
    args: { input: t.arg({ type: SendInput, required: true }) },
    resolve: (_root, { input }, ctx) => send(ctx, input, 'PERSONAL', 'input'),
  }),
  sendSystemNotification: t.field({
    type: SendPayload,
    description: 'im.notify.system.add: no author (kind is ignored).',
    args: { input: t.arg({ type: SendInput, required: true }) },
    resolve: (_root, { input }, ctx) => send(ctx, input, 'SYSTEM', 'input'),
  }),
  sendNotifications: t.field({
    type: [BulkResult],
    description: `Many notifications at once (at most ${MAX_BULK}): batched 50 per upstream request, paced to the portal's rate limit, never sent twice. Each input gets its own result or error.`,
    args: { inputs: t.arg({ type: [SendInput], required: true }) },
    complexity: (args) => ({ field: 1, multiplier: Math.max(1, args.inputs.length / 50) }),
    resolve: async (_root, { inputs }, ctx) => {
      if (inputs.length > MAX_BULK) throw new InputError('TOO_MANY_INPUTS', `inputs must hold at most ${MAX_BULK} notifications, got ${inputs.length}`, 'inputs');
      return Promise.all(inputs.map(async (input, index) => {
        try {
          const result = await send(ctx, input, input.kind ?? 'PERSONAL', `inputs[${index}]`);
          return { index, ...result, outcome: result.sent ? ('SENT' as const) : ('NOT_SENT' as const), error: null };
        } catch (error) {
          const exposed = exposeError(error);
          if (!exposed) throw error;
          const code = String(exposed.extensions.code);
          const outcome = code === UPSTREAM_OUTCOME_UNKNOWN ? ('UNKNOWN' as const) : ('NOT_SENT' as const);
          return { index, sent: false, outcome, notificationId: null, error: { code, message: exposed.message } };
        }
      }));
    },
  }),
}));
