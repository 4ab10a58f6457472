// im.notify, im.notify.personal.add, im.notify.system.add (spec D.1–D.3): one handler, three types.
import { prepareAttach } from '../attach.js';
import { restError } from '../errors.js';
import { storeNotification } from '../notifications.js';
import { intval, isEmpty, phpString, phpTrim, upperKeys } from '../php.js';
import type { Method, MethodContext } from '../portal.js';
import { NOTIFY_FROM, NOTIFY_SYSTEM, appKey } from '../state.js';
import { storeText } from '../text.js';

type Kind = 'from-param' | 'personal' | 'system';

function send(kind: Kind) {
  return ({ portal, identity, params: raw }: MethodContext): number | false => {
    if (identity.type === 'session') throw restError('wrongAuthType');
    const params = upperKeys(raw);
    // TO, when present at all, overrides USER_ID.
    const userId = intval('TO' in params ? params.TO : params.USER_ID);
    if (userId <= 0) throw restError('userIdEmpty');
    const system = kind === 'system' || (kind === 'from-param' && params.TYPE === 'SYSTEM');
    const message = typeof params.MESSAGE === 'string' ? phpTrim(params.MESSAGE) : '';
    if (message === '') throw restError('messageEmpty');
    const now = portal.now();
    const attach = prepareAttach(params.ATTACH, now);

    // Tags need an application context: a webhook's TAG is dropped without a word (D.0.1).
    const app = identity.clientId ? portal.state.apps[identity.clientId] : undefined;
    const tagOf = (value: unknown): string =>
      identity.clientId && !isEmpty(value) ? `MP|${appKey(identity.clientId)}|${phpString(value)}` : '';
    // Applications' system notifications carry the app's name on a first line (D.0.3 step 2).
    const prefix = system && app ? `${app.name}#BR#` : '';
    const messageOut = typeof params.MESSAGE_OUT === 'string' ? phpTrim(params.MESSAGE_OUT) : '';

    const stored = storeNotification(portal.state, {
      userId,
      authorId: system ? 0 : identity.userId,
      type: system ? NOTIFY_SYSTEM : NOTIFY_FROM,
      date: Math.floor(now),
      module: 'rest',
      event: 'rest_notify',
      tag: tagOf(params.TAG),
      subTag: tagOf(params.SUB_TAG),
      title: '',
      message: storeText(prefix + message),
      messageOut: messageOut === '' ? '' : storeText(prefix + messageOut),
      buttons: null,
      params: attach ? { ATTACH: attach } : null,
      read: false,
    });
    return stored ? stored.id : false;
  };
}

const IM = ['im'];

export const sendMethods: Record<string, Method> = {
  'im.notify': { scope: IM, run: send('from-param') },
  'im.notify.personal.add': { scope: IM, run: send('personal') },
  'im.notify.system.add': { scope: IM, run: send('system') },
};
