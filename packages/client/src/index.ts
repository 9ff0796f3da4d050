export { type ClientOptions, createClient, type UkpClient, type VariablesOf } from './client.js';
export { type DocumentMode, documentIdOf } from './document.js';
export {
  type ClientErrorCode,
  type GraphQLErrorBody,
  isUkpError,
  SERVER_ERROR_CODES,
  type ServerErrorCode,
  UkpError,
  type UkpErrorCode,
} from './errors.js';
export type { LiveHandlers, LiveOptions, StopLive } from './live.js';
export type { Credentials, Tokens } from './session.js';
export type { SocketEvents } from './subscriptions.js';
