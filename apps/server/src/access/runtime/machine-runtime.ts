import type { SessionConfig, SessionState } from '@werkbank/access-core';
import type { LivePrint, LiveSession, MachineState } from '@werkbank/contracts';

/** One machine at runtime: its session state machine and what its devices last reported. */
export interface MachineRuntime {
  readonly machineId: string;
  siteId: string;
  name: string;
  state: MachineState;
  session: SessionState;
  config: SessionConfig;
  relayOn: boolean | null;
  powerW: number | null;
  lastSwitchAt: number;
  /** What we last told the relays (null: nothing since start). */
  commandedOn: boolean | null;
  /** The last report inside the grace window after our command, re-checked when the window ends. */
  reportInGrace: boolean | null;
  liveSession: LiveSession | null;
  /** The printer's last report, for the live board. */
  print: LivePrint | null;
}
