/** The six session states of RFC 4271 §8.2.2. */
export const SessionState = {
  IDLE: "Idle",
  CONNECT: "Connect",
  ACTIVE: "Active",
  OPEN_SENT: "OpenSent",
  OPEN_CONFIRM: "OpenConfirm",
  ESTABLISHED: "Established",
} as const;

/** One of the RFC 4271 session states, spelled as in the RFC. */
export type SessionStateName = (typeof SessionState)[keyof typeof SessionState];

/** Every state, in RFC order (for tables and tests). */
export const ALL_STATES: readonly SessionStateName[] = Object.values(SessionState);
