import { Injectable } from '@nestjs/common';
import type {
  DeviceAvailabilityEvent,
  EnrollmentEvent,
  LiveSession,
  MachineLiveState,
  SessionEndedEvent,
  TapEvent,
} from '@werkbank/contracts';

/**
 * What the runtime tells the live gateway. Events carrying a person come twice: with the name for roles that
 * may see names, and with the pseudonym only for the others.
 */
export interface LiveSink {
  tap(siteId: string | null, event: TapEvent, memberName: string | null): void;
  machine(state: MachineLiveState, memberName: string | null): void;
  sessionStarted(siteId: string, session: LiveSession, memberName: string | null): void;
  sessionEnded(siteId: string, event: SessionEndedEvent): void;
  device(event: DeviceAvailabilityEvent): void;
  enrollment(socketId: string, event: EnrollmentEvent): void;
}

/** Decouples the runtime from socket.io (and lets tests listen in). */
@Injectable()
export class LiveHub implements LiveSink {
  private sinks: LiveSink[] = [];

  attach(sink: LiveSink): () => void {
    this.sinks.push(sink);
    return () => {
      this.sinks = this.sinks.filter((s) => s !== sink);
    };
  }

  tap(siteId: string | null, event: TapEvent, memberName: string | null): void {
    for (const s of this.sinks) s.tap(siteId, event, memberName);
  }
  machine(state: MachineLiveState, memberName: string | null): void {
    for (const s of this.sinks) s.machine(state, memberName);
  }
  sessionStarted(siteId: string, session: LiveSession, memberName: string | null): void {
    for (const s of this.sinks) s.sessionStarted(siteId, session, memberName);
  }
  sessionEnded(siteId: string, event: SessionEndedEvent): void {
    for (const s of this.sinks) s.sessionEnded(siteId, event);
  }
  device(event: DeviceAvailabilityEvent): void {
    for (const s of this.sinks) s.device(event);
  }
  enrollment(socketId: string, event: EnrollmentEvent): void {
    for (const s of this.sinks) s.enrollment(socketId, event);
  }
}
