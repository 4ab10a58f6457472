// The notification schema `im.notify.schema.get` serves by default (spec D.5): three modules.
import type { SchemaModule } from './state.js';

/** A fresh copy of the default modules, in registration order. */
export function defaultSchema(): SchemaModule[] {
  const module = (id: string, name: string, events: Array<[string, string]>): SchemaModule => ({
    NAME: name,
    MODULE_ID: id,
    LIST: events.map(([event, title]) => ({ ID: `${id}|${event}`, NAME: title })),
  });
  return [
    module('im', 'Chat and Calls', [
      ['message', 'Personal messages'],
      ['chat', 'Group chat messages'],
      ['openChat', 'Open channel messages'],
      ['like', '"Like" on messages'],
      ['mention', 'You were mentioned in a chat'],
      ['videconf_new_guest', 'New guest in a video conference'],
      ['default', 'Other notifications'],
    ]),
    module('main', 'Ratings and Likes', [
      ['rating_vote', 'Someone liked your post'],
      ['rating_vote_mentioned', 'Someone liked a post that mentions you'],
    ]),
    module('rest', 'Applications', [
      ['app_install', 'Application installed'],
      ['app_install_request', 'Application install request'],
      ['vi_user_data_request', 'Telephony user data request'],
    ]),
  ];
}
