// Every error the portal answers, with the exact texts and statuses of spec A.7 and F.
// Texts are deliberate copies of the portal's, typos included ("less then", the double space).

/** A REST failure: becomes `{ error, error_description }` with `status`, or a batch `result_error` entry. */
export class RestError extends Error {
  constructor(
    readonly code: string,
    readonly description: string,
    readonly status: number,
    /** Extra envelope keys, e.g. `argument` for ERROR_ARGUMENT. */
    readonly extra: Record<string, unknown> = {},
  ) {
    super(`${code}: ${description}`);
  }

  /** The envelope body. */
  toBody(): Record<string, unknown> {
    return { error: this.code, error_description: this.description, ...this.extra };
  }
}

type Entry = readonly [code: string, description: string, status: number];

const CATALOGUE = {
  methodNotFound: ['ERROR_METHOD_NOT_FOUND', 'Method not found!', 404],
  noAuthFound: ['NO_AUTH_FOUND', 'Wrong authorization data', 401],
  invalidCredentials: ['INVALID_CREDENTIALS', 'Invalid request credentials', 401],
  webhookScope: ['insufficient_scope', 'The request requires higher privileges than provided by the webhook token', 401],
  tokenScope: ['insufficient_scope', 'The request requires higher privileges than provided by the access token', 401],
  expiredToken: ['expired_token', 'The access token provided has expired', 401],
  invalidToken: ['invalid_token', 'The access token provided is invalid', 401],
  operationTimeLimit: ['OPERATION_TIME_LIMIT', 'Method is blocked due to operation time limit.', 429],
  queryLimitExceeded: ['QUERY_LIMIT_EXCEEDED', 'Too many requests', 503],
  batchLengthExceeded: ['ERROR_BATCH_LENGTH_EXCEEDED', 'Max batch length exceeded', 400],
  batchMethodNotAllowed: ['ERROR_BATCH_METHOD_NOT_ALLOWED', 'Method is not allowed for batch usage', 405],
  internal: ['INTERNAL_SERVER_ERROR', 'Internal server error', 500],
  wrongAuthType: ['WRONG_AUTH_TYPE', 'Access for this method not allowed by session authorization.', 403],
  userIdEmpty: ['USER_ID_EMPTY', "User ID can't be empty", 400],
  messageEmpty: ['MESSAGE_EMPTY', "Message can't be empty", 400],
  attachOversize: ['ATTACH_OVERSIZE', 'You have exceeded the maximum allowable size of attach', 400],
  attachError: ['ATTACH_ERROR', 'Incorrect attach params', 400],
  lastIdAndLastType: ['LAST_ID_AND_LAST_TYPE', 'Parameters LAST_ID and LAST_TYPE should be used together.', 400],
  lastIdString: ['LAST_ID_STRING', "Last notification ID can't be string", 400],
  searchTextError: ['SEARCH_TEXT_ERROR', "SEARCH_TEXT can't be less then 3 symbols", 400],
  idsParamsError: ['PARAMS_ERROR', 'No IDS param or it is not an array', 400],
  idError: ['ID_ERROR', "Notification ID can't be empty", 400],
  answerTextError: ['ANSWER_TEXT_ERROR', "ANSWER_TEXT can't be empty", 400],
  notifyValueError: ['NOTIFY_VALUE_ERROR', "Notification Value  can't be empty", 400],
  incorrectParams: ['PARAMS_ERROR', 'Incorrect params', 400],
  clientIdMissing: ['ACCESS_DENIED', 'Access denied! Client ID not specified', 403],
} as const satisfies Record<string, Entry>;

export type ErrorName = keyof typeof CATALOGUE;

/** The catalogue error `name`, ready to throw. */
export function restError(name: ErrorName): RestError {
  const [code, description, status] = CATALOGUE[name];
  return new RestError(code, description, status);
}

/** `ERROR_CORE` for a value the method could not parse, e.g. a search date. */
export const incorrectDate = (value: string): RestError =>
  new RestError('ERROR_CORE', `Incorrect date/time: ${value}`, 400);
