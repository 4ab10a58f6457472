// The schema: each type file registers its fields on the builder.
import './scalars.js';
import './user.js';
import './notification.js';
import './notification-schema.js';
import './notification-history.js';
import './send.js';
import './read.js';
import './respond.js';
import './delete.js';
import './subscription.js';
import { builder } from './builder.js';

export const schema = builder.toSchema();
