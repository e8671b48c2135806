export { readHeader, maxMessageLength, MinMessageLength, type MessageHeader } from "./header.js";
export { MessageFramer, type MessageFramerInit } from "./framer.js";
export { decodeMessage, decodeMessageAt } from "./decode-message.js";
export { encodeMessage, encodeMessageInto } from "./encode-message.js";
export { decodeOpenBody, encodeOpenBody, CAPABILITIES_PARAMETER } from "./open.js";
export { decodeCapability, encodeCapabilityValue } from "./capability-codecs.js";
export { decodeCapabilityList, encodeCapabilityInto, encodeCapabilityList } from "./capability-list.js";
export {
  decodeNotificationBody,
  encodeNotificationBody,
  hardResetReason,
  hardResetNotification,
} from "./notification.js";
export {
  FsmSubcode,
  CeaseSubcode,
  RouteRefreshErrorSubcode,
  RouteRefreshSubtype,
} from "./notification-codes.js";
export {
  errorCodeName,
  errorSubcodeName,
  describeNotification,
  listNotificationNames,
} from "./notification-names.js";
export { formatNotification } from "./notification-format.js";
export {
  MAX_SHUTDOWN_COMMUNICATION_LENGTH,
  carriesShutdownCommunication,
  readShutdownCommunication,
  encodeShutdownCommunication,
  shutdownNotification,
  type ShutdownCommunication,
} from "./shutdown-communication.js";
export { decodeRouteRefreshBody, encodeRouteRefreshBody } from "./route-refresh.js";
export { notificationFromError } from "./notification-from-error.js";
export {
  unsupportedVersionError,
  badPeerAsError,
  badBgpIdentifierError,
  unsupportedOptionalParameterError,
  unacceptableHoldTimeError,
  unsupportedCapabilityError,
  roleMismatchError,
  holdTimerExpiredError,
  sendHoldTimerExpiredError,
  unexpectedMessageError,
  ceaseError,
  maxPrefixesError,
  type FsmErrorState,
} from "./notification-errors.js";
export * from "./update.js";
export * from "./pack.js";
export * from "./end-of-rib.js";
export {
  negotiateCapabilities,
  contextFromNegotiated,
  createOpen,
  openAs,
  type NegotiatedCapabilities,
  type OpenInit,
} from "./negotiate.js";
export { BgpRole, rolesMatch } from "./bgp-role.js";
