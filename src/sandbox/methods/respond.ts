// im.notify.answer (spec D.9) and im.notify.confirm (D.10).
import { restError } from '../errors.js';
import { deleteWhere } from '../notifications.js';
import { intval, isEmpty, looseEquals, phpString, phpTrim, upperKeys } from '../php.js';
import type { Method, MethodContext } from '../portal.js';
import { NOTIFY_CONFIRM, type StoredNotification } from '../state.js';

type ResultMessage = { result_message: string[] | false };

function answer({ portal, identity, params: raw }: MethodContext): ResultMessage {
  const params = upperKeys(raw);
  const id = notificationId(params);
  if (isEmpty(params.ANSWER_TEXT)) throw restError('answerTextError');
  const text = phpTrim(phpString(params.ANSWER_TEXT));
  const target = ownNotification(portal.state.notifications, identity.userId, id);
  // The reply goes to the originating module's handler; nothing stored changes.
  if (!target || text === '') return { result_message: false };
  return { result_message: [portal.answerText] };
}

function confirm({ portal, identity, params: raw }: MethodContext): ResultMessage {
  const params = upperKeys(raw);
  const id = notificationId(params);
  if (isEmpty(params.NOTIFY_VALUE)) throw restError('notifyValueError');
  const target = ownNotification(portal.state.notifications, identity.userId, id);
  if (!target || target.type !== NOTIFY_CONFIRM) return { result_message: false };
  // The portal matches buttons with PHP's loose `==`, so "01" picks the button valued "1".
  const button = target.buttons?.find((b) => looseEquals(b.VALUE, params.NOTIFY_VALUE));
  deleteWhere(portal.state, (n) => n.id === target.id);
  return { result_message: button ? [`Your selection: "${button.TITLE}"`] : [] };
}

// ID, when present, overrides NOTIFY_ID.
function notificationId(params: Record<string, unknown>): number {
  const id = intval('ID' in params ? params.ID : params.NOTIFY_ID);
  if (id <= 0) throw restError('idError');
  return id;
}

function ownNotification(all: Record<string, StoredNotification>, userId: number, id: number): StoredNotification | undefined {
  const n = all[id];
  return n && n.userId === userId ? n : undefined;
}

const IM = ['im'];

export const respondMethods: Record<string, Method> = {
  'im.notify.answer': { scope: IM, run: answer },
  'im.notify.confirm': { scope: IM, run: confirm },
};
