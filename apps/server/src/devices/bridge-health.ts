import { Inject, Injectable } from '@nestjs/common';
import type { BridgeHealth as BridgeHealthView } from '@werkbank/contracts';
import type { HealthMessage } from '@werkbank/device-protocol';
import { Clock, CLOCK } from '../common/clock';
import { AppConfig } from '../config/app-config';

/** A bridge counts as offline after this many heartbeat intervals without one. */
export const MISSED_HEARTBEATS = 3;

interface Heartbeat {
  health: HealthMessage;
  receivedAt: number;
  /** Whether the last look counted it online (to announce the change to offline once). */
  online: boolean;
}

/**
 * The last heartbeat of each bridge, in memory only (a restart waits for the next one, 20 s by default). A
 * bridge silent for three intervals (BRIDGE_HEARTBEAT_S) shows offline, whatever its retained status says:
 * a hung process keeps its broker connection and its `online`.
 */
@Injectable()
export class BridgeHealth {
  private readonly last = new Map<string, Heartbeat>();
  private readonly silenceMs: number;

  constructor(
    config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    this.silenceMs = MISSED_HEARTBEATS * config.BRIDGE_HEARTBEAT_S * 1000;
  }

  /** Returns whether the bridge was offline (or unknown) before this heartbeat. */
  record(deviceId: string, health: HealthMessage, receivedAt: number): boolean {
    const previous = this.last.get(deviceId);
    const wasOnline =
      previous !== undefined && previous.online && receivedAt - previous.receivedAt <= this.silenceMs;
    this.last.set(deviceId, { health, receivedAt, online: true });
    return !wasOnline;
  }

  forget(deviceId: string): void {
    this.last.delete(deviceId);
  }

  /** The bridges that fell silent since the last call (the runtime's tick announces them). */
  newlySilent(now: number): string[] {
    const silent: string[] = [];
    for (const [deviceId, beat] of this.last)
      if (beat.online && now - beat.receivedAt > this.silenceMs) {
        beat.online = false;
        silent.push(deviceId);
      }
    return silent;
  }

  view(deviceId: string, now = this.clock.now().getTime()): BridgeHealthView | null {
    const beat = this.last.get(deviceId);
    if (beat === undefined) return null;
    const h = beat.health;
    return {
      online: now - beat.receivedAt <= this.silenceMs,
      lastSeenAt: new Date(beat.receivedAt).toISOString(),
      uptimeS: h.uptimeS,
      version: h.version,
      queueLength: h.queueLength,
      allowlistVersion: h.allowlist?.version ?? null,
      allowlistIssuedAt: h.allowlist?.issuedAt ?? null,
      allowlistExpiresAt: h.allowlist?.expiresAt ?? null,
      allowlistDeltaVersion: h.allowlist?.deltaVersion ?? null,
      ports: h.ports.map((p) => ({ id: p.id, path: p.path, state: p.state })),
    };
  }
}
