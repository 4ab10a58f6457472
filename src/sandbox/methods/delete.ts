// im.notify.delete (spec D.11): by ID in the caller's chat, or by TAG / SUB_TAG across the portal.
import { restError } from '../errors.js';
import { deleteWhere } from '../notifications.js';
import { intval, isEmpty, isPhpArray, phpString, phpValues, upperKeys } from '../php.js';
import type { Method, MethodContext } from '../portal.js';
import { appKey } from '../state.js';

function remove({ portal, identity, params: raw }: MethodContext): boolean {
  const params = upperKeys(raw);
  const state = portal.state;

  // With an ID key present the TAG and SUB_TAG keys are not looked at.
  if ('ID' in params) {
    const ids = isPhpArray(params.ID) ? phpValues(params.ID).map(intval) : [intval(params.ID)];
    return deleteWhere(state, (n) => n.userId === identity.userId && ids.includes(n.id)) > 0;
  }
  if (identity.type === 'session') throw restError('incorrectParams');

  // A webhook has no application, so it names one: CLIENT_ID maps into the imbot key space.
  const clientKey = identity.clientId ?? (isEmpty(params.CLIENT_ID) ? null : `custom${phpString(params.CLIENT_ID)}`);
  if (clientKey === null) throw restError('clientIdMissing');
  const prefix = `MP|${appKey(clientKey)}|`;

  // Tags are deleted for every recipient on the portal, not only the caller.
  if (!isEmpty(params.TAG)) {
    const tag = prefix + phpString(params.TAG);
    deleteWhere(state, (n) => n.tag === tag);
    return true;
  }
  if (!isEmpty(params.SUB_TAG)) {
    const subTag = prefix + phpString(params.SUB_TAG);
    return deleteWhere(state, (n) => n.subTag === subTag) > 0;
  }
  throw restError('incorrectParams');
}

export const deleteMethods: Record<string, Method> = {
  'im.notify.delete': { scope: ['im'], run: remove },
};
