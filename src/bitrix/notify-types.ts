// Parameter and result types of the typed `im.notify.*` API (spec D). Wire objects keep the
// portal's own key case; the page wrappers the API builds around them are camelCase.

/** `notify_type`: 1 confirm (buttons), 2 personal (has an author), 4 system (author 0). */
export type NotifyType = 1 | 2 | 4;

/** Cursor stage of `im.notify.get`: 1 = confirm stage, 3 = regular stage (spec D.4). */
export type LastType = 1 | 3;

/**
 * One attach block; keys must be upper case (`USER`, `LINK`, `RICH_LINK`, `MESSAGE`, `GRID`, `IMAGE`,
 * `FILE`, `DELIMITER`) — nested keys are not case-normalised by the portal (spec A.5, D.0.4).
 */
export type AttachBlock = Record<string, unknown>;

/** `ATTACH`: the full form or the short form (the block list itself). */
export type Attach =
  | AttachBlock[]
  | { ID?: number; COLOR?: string; COLOR_TOKEN?: string; DESCRIPTION?: string; BLOCKS: AttachBlock[] };

/** Input of `sendPersonal` / `sendSystem` (spec D.1). */
export interface NotificationInput {
  /** Recipient; a positive integer. */
  userId: number;
  /** Text; must not be empty after trimming. */
  message: string;
  /** Text for e-mail/push channels; stored, never returned. */
  messageOut?: string;
  /** Applied only when calling as an OAuth application; silently dropped by the portal for webhooks (D.0.1). */
  tag?: string;
  /** As `tag`. */
  subTag?: string;
  /** Rejected locally when `JSON.stringify(attach).length >= 60000`. */
  attach?: Attach;
}

/** Input of `send` (`im.notify`): `type` defaults to `'USER'` (personal). */
export interface SendParams extends NotificationInput {
  type?: 'USER' | 'SYSTEM';
}

/** Input of `list` (`im.notify.get`): `lastId` and `lastType` go together (see `nextCursor`). */
export interface ListParams {
  lastId?: number;
  lastType?: LastType;
  /** 1..50; the portal's default is 50. */
  limit?: number;
}

/** Cursor of the next `im.notify.get` page. */
export interface ListCursor {
  lastId: number;
  lastType: LastType;
}

/** Input of `search` (`im.notify.history.search`, spec D.12). */
export interface SearchParams {
  /** Every word must occur in the text; at least 3 characters unless another criterion is given. */
  text?: string;
  /** `MODULE` or `MODULE|EVENT`. Ignored by the portal when `types` is non-empty. */
  type?: string;
  /** One item behaves like `type`; several items filter by module only (`MODULE|EVENT` items then never match). */
  types?: string[];
  /** RFC 3339; the window is [date, date + 1 day]. */
  date?: string;
  /** RFC 3339; must come with `dateTo`. Window [dateFrom, dateTo + 1 day]; wins over `date`. */
  dateFrom?: string;
  /** RFC 3339; must come with `dateFrom`. */
  dateTo?: string;
  /** Author ids; `0` selects system notifications. */
  authors?: number[];
  /** Extra filter (`confirm`, `mention`, `admin`, or a custom group id); not a criterion by itself. */
  groupTag?: string;
  /** Cursor: only notifications with a smaller id. */
  lastId?: number;
  /** 1..50; the portal's default is 50. */
  limit?: number;
}

/** Target of `delete`: ids of the caller's notifications, or an app-scoped tag / sub-tag. */
export type DeleteTarget = { ids: number[] } | { tag: string; clientId?: string } | { subTag: string; clientId?: string };

/** `params` of a notification: upper-case keys as stored (spec D.0.6). */
export interface NotificationParams {
  ATTACH?: Array<Record<string, unknown>>;
  USERS?: number[];
  CAN_ANSWER?: 'Y';
  [key: string]: unknown;
}

/** A notification as `im.notify.get` / `im.notify.history.search` return it (spec D.0.6). */
export interface Notification {
  id: number;
  chat_id: number;
  /** `0` for system notifications. */
  author_id: number;
  /** PHP `date('c')` in the portal's time zone, e.g. `2026-03-03T09:00:00+03:00`. */
  date: string;
  notify_type: NotifyType;
  notify_module: string;
  notify_event: string;
  /** Stored tag with its `MP|<appKey>|` prefix, or `""`. */
  notify_tag: string;
  notify_sub_tag: string;
  notify_title: string;
  /** `"<module>|<event>"`. */
  setting_name: string;
  text: string;
  /** Only on confirm notifications: a JSON string with a list of keyboard buttons (spec D.0.7). */
  notify_buttons?: string;
  params: NotificationParams | null;
  notify_read: 'Y' | 'N';
}

/** Phones of an author; only the non-empty ones are present. */
export interface NotificationUserPhones {
  work_phone?: string;
  personal_mobile?: string;
  inner_phone?: string;
}

/** An author in `users[]` (spec D.0.8). Missing dates are `false`. */
export interface NotificationUser {
  id: number;
  active: boolean;
  /** Full name. */
  name: string;
  first_name: string;
  last_name: string;
  work_position: string;
  /** `#rrggbb`. */
  color: string;
  avatar: string;
  avatar_hr: string;
  gender: 'M' | 'F' | '';
  /** `DD-MM` or `""`. */
  birthday: string;
  extranet: boolean;
  network: boolean;
  bot: boolean;
  connector: boolean;
  external_auth_id: string;
  status: string;
  /** Always `false` in notification answers. */
  idle: string | false;
  last_activity_date: string | false;
  /** Always `false` in notification answers. */
  mobile_last_date: string | false;
  /** Always `false` in notification answers. */
  desktop_last_date: string | false;
  absent: string | false;
  departments: number[];
  phones: NotificationUserPhones | false;
  bot_data: null;
  type: string;
  website: string;
  email: string;
}

/** A page of `im.notify.get`: confirms first, then regular notifications, newest first. */
export interface NotificationPage {
  /** Notifications in the caller's chat (0 when the caller has no notification chat). */
  totalCount: number;
  /** Unread notifications; reported as 100 once it reaches 100. */
  totalUnreadCount: number;
  /** `null` when the caller has no notification chat yet. */
  chatId: number | null;
  notifications: Notification[];
  /** Authors of the notifications on this page. */
  users: NotificationUser[];
}

/** A page of `im.notify.history.search`. */
export interface SearchPage {
  /** `null` when the portal answered `[]` (no chat, or no effective criterion). */
  chatId: number | null;
  notifications: Notification[];
  users: NotificationUser[];
  /** All matches, ignoring limit and cursor; `null` on pages after the first (the portal sends it only without `lastId`). */
  totalResults: number | null;
}

/** One notification type of a module in `im.notify.schema.get`. */
export interface NotificationSchemaEvent {
  /** `"<module>|<event>"`. */
  ID: string;
  NAME: string;
}

/** One module in `im.notify.schema.get` (upper-case keys as on the wire). */
export interface NotificationSchemaModule {
  NAME: string;
  MODULE_ID: string;
  LIST: NotificationSchemaEvent[];
}

/** `im.notify.schema.get`: keyed by module id. */
export type NotificationSchema = Record<string, NotificationSchemaModule>;

/** The caller, from `user.current`. Fields the token's scope hides come back as `""`. */
export interface CurrentUser {
  id: number;
  /** First and last name; the e-mail when both are empty. */
  name: string;
  firstName: string;
  lastName: string;
  active: boolean;
  email: string;
  workPosition: string;
  avatar: string;
}

// --- raw answers -------------------------------------------------------------------------------

/** `im.notify.get` for a caller with no notification chat (or an empty one). */
export interface EmptyGetWire {
  notifications: [];
  users: [];
}

export interface GetWire {
  total_count: number;
  total_unread_count: number;
  chat_id: number;
  notifications: Notification[];
  users: NotificationUser[];
}

export interface SearchWire {
  chat_id: number;
  notifications: Notification[];
  users: NotificationUser[];
  total_results?: number;
}

export interface CurrentUserWire {
  ID: string | number;
  ACTIVE?: boolean;
  NAME?: string;
  LAST_NAME?: string;
  EMAIL?: string;
  WORK_POSITION?: string;
  PERSONAL_PHOTO?: string;
  [key: string]: unknown;
}
