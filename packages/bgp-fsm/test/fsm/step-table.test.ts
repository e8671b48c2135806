/**
 * Every (state, event) pair of RFC 4271 §8.2.2, with the RFC 6608 FSM-error subcodes. Each row is
 * written from the RFC text: [event number, next state, actions]. Default config (automatic
 * restart on, so failures that "increment the ConnectRetryCounter" also start the IdleHoldTimer).
 */
import { describe, expect, it } from "vitest";
import {
  ALL_EVENT_TYPES,
  ALL_STATES,
  DEFAULT_FSM_CONFIG,
  type SessionStateName,
  type TimerName,
  step,
} from "../../src/index.js";
import { eventOf, stateWith, summarize } from "./fsm-helpers.js";

type Row = readonly [event: number, next: SessionStateName, actions: string];

const ignoredStarts = (s: SessionStateName): Row[] => [1, 3, 4, 5, 6, 7].map((n) => [n, s, ""] as const);

const CONNECT_FAIL = "-connectRetry release drop +idleHold";
const connect: Row[] = [
  ...ignoredStarts("Connect"),
  [2, "Idle", "drop release -connectRetry"],
  [8, "Idle", CONNECT_FAIL],
  [9, "Connect", "drop +connectRetry connect listen"],
  [10, "Idle", CONNECT_FAIL],
  [11, "Idle", CONNECT_FAIL],
  [12, "OpenSent", "OPEN +hold"],
  [13, "Idle", CONNECT_FAIL],
  [14, "Connect", ""],
  [15, "Connect", "reject"],
  [16, "OpenSent", "-connectRetry OPEN +hold"],
  [17, "OpenSent", "-connectRetry OPEN +hold"],
  [18, "Idle", "-connectRetry drop release"],
  [19, "Idle", CONNECT_FAIL],
  [20, "OpenConfirm", "-connectRetry OPEN KA +keepalive +hold"],
  [21, "Idle", CONNECT_FAIL],
  [22, "Idle", CONNECT_FAIL],
  [23, "Idle", CONNECT_FAIL],
  [24, "Idle", CONNECT_FAIL],
  [25, "Idle", CONNECT_FAIL],
  [26, "Idle", CONNECT_FAIL],
  [27, "Idle", CONNECT_FAIL],
  [28, "Idle", CONNECT_FAIL],
];

const active: Row[] = connect.map(([n, next, a]): Row => {
  if (n === 9) return [9, "Connect", "+connectRetry connect listen"];
  if (n === 12) return [12, "OpenSent", "-connectRetry OPEN +hold"];
  if (n === 18) return [18, "Idle", "+connectRetry release +idleHold"];
  return [n, next === "Connect" ? "Active" : next, a];
});

const sentFail = (n: string, drop = "-hold release drop +idleHold"): string => `N:${n} ${drop}`;
const openSent: Row[] = [
  ...ignoredStarts("OpenSent"),
  [2, "Idle", "N:6/2 -hold release drop"],
  [8, "Idle", sentFail("6/0")],
  [9, "Idle", sentFail("5/0")],
  [10, "Idle", "N:4/0 release drop +idleHold"],
  [11, "Idle", sentFail("5/0")],
  [12, "Idle", sentFail("5/0")],
  [13, "Idle", sentFail("5/0")],
  [14, "OpenSent", "track"],
  [15, "OpenSent", "reject"],
  [16, "OpenSent", "track"],
  [17, "OpenSent", "track"],
  [18, "Active", "drop -hold +connectRetry listen"],
  [19, "OpenConfirm", "KA +keepalive +hold"],
  [20, "Idle", sentFail("5/1")],
  [21, "Idle", sentFail("1/2")],
  [22, "Idle", sentFail("2/2")],
  [23, "Idle", sentFail("6/7")],
  [24, "Idle", "-hold release drop"],
  [25, "Idle", sentFail("5/1")],
  [26, "Idle", sentFail("5/1")],
  [27, "Idle", sentFail("5/1")],
  [28, "Idle", sentFail("5/1")],
];

const CONFIRM_DROP = "-hold -keepalive release drop +idleHold";
const openConfirm: Row[] = [
  ...ignoredStarts("OpenConfirm"),
  [2, "Idle", "N:6/2 -hold -keepalive release drop"],
  [8, "Idle", `N:6/0 ${CONFIRM_DROP}`],
  [9, "Idle", `N:5/0 ${CONFIRM_DROP}`],
  [10, "Idle", "N:4/0 -keepalive release drop +idleHold"],
  [11, "OpenConfirm", "KA +keepalive"],
  [12, "Idle", `N:5/0 ${CONFIRM_DROP}`],
  [13, "Idle", `N:5/0 ${CONFIRM_DROP}`],
  [14, "OpenConfirm", "track"],
  [15, "OpenConfirm", "reject"],
  [16, "OpenConfirm", "track"],
  [17, "OpenConfirm", "track"],
  [18, "Idle", CONFIRM_DROP],
  [19, "Idle", `N:6/7 ${CONFIRM_DROP}`],
  [20, "Idle", `N:5/2 ${CONFIRM_DROP}`],
  [21, "Idle", `N:1/2 ${CONFIRM_DROP}`],
  [22, "Idle", `N:2/2 ${CONFIRM_DROP}`],
  [23, "Idle", `N:6/7 ${CONFIRM_DROP}`],
  [24, "Idle", "-hold -keepalive release drop"],
  [25, "Idle", CONFIRM_DROP],
  [26, "Established", "+hold"],
  [27, "Idle", `N:5/2 ${CONFIRM_DROP}`],
  [28, "Idle", `N:5/2 ${CONFIRM_DROP}`],
];

const EST_DROP = "-hold -keepalive release+routes drop +idleHold";
const established: Row[] = [
  ...ignoredStarts("Established"),
  [2, "Idle", "N:6/2 -hold -keepalive release+routes drop"],
  [8, "Idle", `N:6/0 ${EST_DROP}`],
  [9, "Idle", `N:5/0 ${EST_DROP}`],
  [10, "Idle", "N:4/0 -keepalive release+routes drop +idleHold"],
  [11, "Established", "KA +keepalive"],
  [12, "Idle", `N:5/0 ${EST_DROP}`],
  [13, "Idle", `N:5/0 ${EST_DROP}`],
  [14, "Established", "track"],
  [15, "Established", "reject"],
  [16, "Established", "track"],
  [17, "Established", "track"],
  [18, "Idle", EST_DROP],
  [19, "Idle", `N:5/3 ${EST_DROP}`],
  [20, "Idle", `N:5/3 ${EST_DROP}`],
  [21, "Idle", `N:1/2 ${EST_DROP}`],
  [22, "Idle", `N:5/3 ${EST_DROP}`],
  [23, "Idle", `N:6/7 ${EST_DROP}`],
  [24, "Idle", EST_DROP],
  [25, "Idle", EST_DROP],
  [26, "Established", "+hold"],
  [27, "Established", "update +hold"],
  [28, "Idle", `N:3/1 ${EST_DROP}`],
];

const idle: Row[] = [
  [1, "Connect", "+connectRetry connect listen"],
  [2, "Idle", ""],
  [3, "Connect", "+connectRetry connect listen"],
  [4, "Active", "+connectRetry listen"],
  [5, "Active", "+connectRetry listen"],
  [6, "Connect", "+connectRetry connect listen"],
  [7, "Active", "+connectRetry listen"],
  ...[8, 9, 10, 11, 12, 13].map((n) => [n, "Idle", ""] as const),
  [14, "Idle", "reject"],
  [15, "Idle", "reject"],
  ...Array.from({ length: 13 }, (_, i) => [16 + i, "Idle", ""] as const),
];

/** Timers running when each state is entered normally. */
const running: Record<SessionStateName, TimerName[]> = {
  Idle: [],
  Connect: ["connectRetry"],
  Active: ["connectRetry"],
  OpenSent: ["hold"],
  OpenConfirm: ["hold", "keepalive"],
  Established: ["hold", "keepalive"],
};

const table: Record<SessionStateName, Row[]> = {
  Idle: idle,
  Connect: connect,
  Active: active,
  OpenSent: openSent,
  OpenConfirm: openConfirm,
  Established: established,
};

describe("RFC 4271 §8.2.2 transition table", () => {
  it("covers all 6 × 28 (state, event) pairs exactly once", () => {
    for (const s of ALL_STATES) {
      expect(table[s].map((r) => r[0]).sort((a, b) => a - b)).toEqual(
        Array.from({ length: 28 }, (_, i) => i + 1),
      );
    }
  });

  for (const s of ALL_STATES) {
    describe(s, () => {
      for (const [n, next, actions] of [...table[s]].sort((a, b) => a[0] - b[0])) {
        const type = ALL_EVENT_TYPES[n - 1]!;
        it(`Event ${n} ${type} → ${next}: ${actions || "(nothing)"}`, () => {
          const r = step(stateWith(s, running[s]), eventOf(type), DEFAULT_FSM_CONFIG, 0);
          expect(r.state.state).toBe(next);
          expect(summarize(r.actions)).toBe(actions);
          const changes = r.actions.filter((a) => a.type === "state-change");
          expect(changes).toEqual(next === s ? [] : [{ type: "state-change", from: s, to: next }]);
        });
      }
    });
  }
});
