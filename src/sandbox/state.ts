// The portal's data: plain JSON so a snapshot is a deep copy and a restore is a swap.
import { createHash, randomBytes } from 'node:crypto';
import { defaultSchema } from './schema.js';

export const NOTIFY_CONFIRM = 1;
export const NOTIFY_FROM = 2;
export const NOTIFY_SYSTEM = 4;
export type NotifyType = typeof NOTIFY_CONFIRM | typeof NOTIFY_FROM | typeof NOTIFY_SYSTEM;

export interface User {
  id: number;
  active: boolean;
  firstName: string;
  lastName: string;
  workPosition: string;
  gender: 'M' | 'F' | '';
  /** `DD-MM` or empty. */
  birthday: string;
  email: string;
  website: string;
  /** `default` for employees; `bot`, `email`, `imconnector`, … make a user unable to receive. */
  externalAuthId: string;
  departments: number[];
  phones: { work_phone?: string; personal_mobile?: string; inner_phone?: string };
  color: string;
  avatar: string;
  /** Unix seconds, or null when never active. */
  lastActivity: number | null;
  registered: number;
  /** The user's notification chat, created with the first notification. */
  notifyChatId: number | null;
}

export interface Button {
  TITLE: string;
  VALUE: string;
  TYPE: string;
  URL?: string;
}

export interface StoredNotification {
  id: number;
  chatId: number;
  /** Recipient. */
  userId: number;
  authorId: number;
  /** Unix seconds. */
  date: number;
  type: NotifyType;
  module: string;
  event: string;
  tag: string;
  subTag: string;
  title: string;
  message: string;
  messageOut: string;
  buttons: Button[] | null;
  params: Record<string, unknown> | null;
  read: boolean;
}

export interface Webhook {
  id: number;
  userId: number;
  secret: string;
  scopes: string[];
  active: boolean;
}

export interface App {
  clientId: string;
  clientSecret: string;
  name: string;
  scopes: string[];
}

export interface AccessToken {
  token: string;
  clientId: string;
  userId: number;
  scopes: string[];
  /** Unix seconds; the token is expired when `expires <= now`. */
  expires: number;
}

export interface RefreshToken {
  token: string;
  clientId: string;
  userId: number;
  scopes: string[];
  expires: number;
}

export interface SchemaModule {
  NAME: string;
  MODULE_ID: string;
  LIST: Array<{ ID: string; NAME: string }>;
}

export interface PortalState {
  seq: { user: number; message: number; chat: number; webhook: number };
  users: Record<string, User>;
  notifications: Record<string, StoredNotification>;
  webhooks: Record<string, Webhook>;
  apps: Record<string, App>;
  accessTokens: Record<string, AccessToken>;
  refreshTokens: Record<string, RefreshToken>;
  /** sessid -> user id */
  sessions: Record<string, number>;
  schema: SchemaModule[];
}

export function emptyState(): PortalState {
  return {
    seq: { user: 0, message: 1000, chat: 0, webhook: 0 },
    users: {},
    notifications: {},
    webhooks: {},
    apps: {},
    accessTokens: {},
    refreshTokens: {},
    sessions: {},
    schema: defaultSchema(),
  };
}

/** A random lower-case token of `length` characters, like portal secrets. */
export function randomCode(length: number): string {
  return randomBytes(length).toString('hex').slice(0, length);
}

/** First 5 hex characters of md5: the app key inside stored tags (`MP|<key>|TAG`). */
export const appKey = (clientId: string): string => createHash('md5').update(clientId).digest('hex').slice(0, 5);

/** A user's notifications, newest first (date, then id), as every listing orders them. */
export function notificationsOf(state: PortalState, userId: number): StoredNotification[] {
  return [...ownedBy(state, userId)].sort((a, b) => b.date - a.date || b.id - a.id);
}

/** The unread count as the portal reports it: it stops at 100. */
export function unreadCounter(state: PortalState, userId: number): number {
  let unread = 0;
  for (const n of ownedBy(state, userId)) if (!n.read) unread++;
  return Math.min(unread, 100);
}

// Each user's notifications, so that a portal of thousands of users answers a listing without
// walking every notification it holds. Kept per notifications object: a reset or a restore
// brings a new one, whose index is built on first use. notifications.ts, the only place that
// adds or removes notifications, keeps it up to date through the two functions below.
const indexes = new WeakMap<PortalState['notifications'], Map<number, Set<StoredNotification>>>();

function userIndex(state: PortalState): Map<number, Set<StoredNotification>> {
  let index = indexes.get(state.notifications);
  if (!index) {
    index = new Map();
    for (const n of Object.values(state.notifications)) addTo(index, n);
    indexes.set(state.notifications, index);
  }
  return index;
}

const NONE: ReadonlySet<StoredNotification> = new Set();
const ownedBy = (state: PortalState, userId: number): ReadonlySet<StoredNotification> => userIndex(state).get(userId) ?? NONE;

function addTo(index: Map<number, Set<StoredNotification>>, n: StoredNotification): void {
  let own = index.get(n.userId);
  if (!own) index.set(n.userId, (own = new Set()));
  own.add(n);
}

/** Records a notification just put into `state.notifications` in the per-user index. */
export function indexNotification(state: PortalState, n: StoredNotification): void {
  const index = indexes.get(state.notifications);
  if (index) addTo(index, n);
}

/** Forgets a notification just deleted from `state.notifications`. */
export function unindexNotification(state: PortalState, n: StoredNotification): void {
  indexes.get(state.notifications)?.get(n.userId)?.delete(n);
}

// Users that exist for the portal but cannot receive notifications (spec D.0).
const EXTERNAL_AUTH_IDS = new Set([
  'bot', 'email', '__controller', 'imconnector', 'sale', 'saleanonymous', 'shop', 'call',
  'document_editor', 'calendar_sharing', 'im_guest', 'rest_system',
]);

/** Whether a user may receive notifications: active and not an external-type account. */
export const canReceive = (user: User | undefined): user is User =>
  !!user && user.active && !EXTERNAL_AUTH_IDS.has(user.externalAuthId);

/** The user's notification chat id, created on first use from the portal chat sequence. */
export function ensureNotifyChat(state: PortalState, user: User): number {
  if (user.notifyChatId == null) user.notifyChatId = ++state.seq.chat;
  return user.notifyChatId;
}
