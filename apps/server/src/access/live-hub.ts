import { Injectable, Logger } from '@nestjs/common';
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

/**
 * Decouples the runtime from socket.io (and lets tests listen in). Events reach the sinks in order, but only
 * after the current device messages have gone out (setImmediate): encoding them for the staff view must not
 * delay a relay command, while the view lagging by a few microseconds does not matter.
 */
@Injectable()
export class LiveHub implements LiveSink {
  private readonly logger = new Logger(LiveHub.name);
  private sinks: LiveSink[] = [];
  private queue: ((sink: LiveSink) => void)[] = [];
  private scheduled = false;

  attach(sink: LiveSink): () => void {
    this.sinks.push(sink);
    return () => {
      this.sinks = this.sinks.filter((s) => s !== sink);
    };
  }

  tap(siteId: string | null, event: TapEvent, memberName: string | null): void {
    this.post((s) => s.tap(siteId, event, memberName));
  }
  machine(state: MachineLiveState, memberName: string | null): void {
    this.post((s) => s.machine(state, memberName));
  }
  sessionStarted(siteId: string, session: LiveSession, memberName: string | null): void {
    this.post((s) => s.sessionStarted(siteId, session, memberName));
  }
  sessionEnded(siteId: string, event: SessionEndedEvent): void {
    this.post((s) => s.sessionEnded(siteId, event));
  }
  device(event: DeviceAvailabilityEvent): void {
    this.post((s) => s.device(event));
  }
  enrollment(socketId: string, event: EnrollmentEvent): void {
    this.post((s) => s.enrollment(socketId, event));
  }

  private post(deliver: (sink: LiveSink) => void): void {
    if (this.sinks.length === 0) return;
    this.queue.push(deliver);
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.drain());
  }

  private drain(): void {
    this.scheduled = false;
    const queue = this.queue;
    this.queue = [];
    for (const deliver of queue) {
      for (const sink of this.sinks) {
        try {
          deliver(sink);
        } catch (error) {
          this.logger.error({ err: error }, 'live event could not be delivered');
        }
      }
    }
  }
}
