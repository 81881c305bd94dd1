import { Logger, OnModuleDestroy } from '@nestjs/common';
import {
  ConnectedSocket,
  MessageBody,
  OnGatewayConnection,
  SubscribeMessage,
  WebSocketGateway,
  WebSocketServer,
} from '@nestjs/websockets';
import type { Server, Socket } from 'socket.io';
import {
  ClientToServerEvents,
  DeviceAvailabilityEvent,
  EnrollmentEvent,
  LiveSession,
  MachineLiveState,
  ServerToClientEvents,
  SessionEndedEvent,
  StaffRole,
  TapEvent,
} from '@werkbank/contracts';
import { tokenFromRequest } from '../auth/auth.guard';
import { AuthService } from '../auth/auth.service';
import { StaffPrincipal } from '../common/auth.decorators';
import { DomainError } from '../common/domain-error';
import { AccessRuntime } from './access-runtime.service';
import { LiveHub, LiveSink } from './live-hub';

type LiveSocket = Socket<
  ClientToServerEvents,
  ServerToClientEvents,
  Record<string, never>,
  { staff?: StaffPrincipal }
>;

/** Names are shown to office roles; trainers see pseudonyms (they need the machine state, not identities). */
function visibility(role: StaffRole): 'names' | 'pseudo' {
  return role === StaffRole.Admin || role === StaffRole.Staff ? 'names' : 'pseudo';
}

/**
 * Live staff view over socket.io: taps with decision and reason, machine states, sessions, devices, card
 * enrollment. Login required (session cookie or `auth.token`); every event is typed in libs/contracts.
 */
@WebSocketGateway({ cors: false })
export class LiveGateway implements OnGatewayConnection, LiveSink, OnModuleDestroy {
  private readonly logger = new Logger(LiveGateway.name);
  @WebSocketServer() server!: Server<ClientToServerEvents, ServerToClientEvents>;
  private readonly detach: () => void;

  constructor(
    private readonly auth: AuthService,
    private readonly runtime: AccessRuntime,
    hub: LiveHub,
  ) {
    this.detach = hub.attach(this);
  }

  onModuleDestroy(): void {
    this.detach();
  }

  async handleConnection(socket: LiveSocket): Promise<void> {
    const token =
      (typeof socket.handshake.auth?.token === 'string' ? (socket.handshake.auth.token as string) : null) ??
      tokenFromRequest({ cookie: socket.handshake.headers.cookie });
    const staff = token ? await this.auth.authenticate(token) : null;
    if (!staff) {
      socket.disconnect(true);
      return;
    }
    socket.data.staff = staff;
    await socket.join(`all:${visibility(staff.role)}`);
  }

  @SubscribeMessage('site.watch')
  async watch(
    @ConnectedSocket() socket: LiveSocket,
    @MessageBody() siteId: string,
  ): Promise<MachineLiveState[]> {
    const staff = socket.data.staff;
    if (!staff || typeof siteId !== 'string') return [];
    for (const room of socket.rooms) if (room.startsWith('site:')) await socket.leave(room);
    await socket.join(`site:${siteId}:${visibility(staff.role)}`);
    return this.runtime.machineStates(siteId).map((s) => this.present(s, staff.role));
  }

  @SubscribeMessage('enrollment.start')
  startEnrollment(
    @ConnectedSocket() socket: LiveSocket,
    @MessageBody() deviceId: string,
  ): { ok: boolean; error?: string } {
    const staff = socket.data.staff;
    if (!staff || staff.role === StaffRole.Trainer)
      return { ok: false, error: 'Only admins and staff enroll cards.' };
    try {
      this.runtime.startEnrollment(deviceId, socket.id);
      return { ok: true };
    } catch (error) {
      return { ok: false, error: error instanceof DomainError ? error.message : 'enrollment failed' };
    }
  }

  @SubscribeMessage('enrollment.stop')
  stopEnrollment(@ConnectedSocket() socket: LiveSocket, @MessageBody() deviceId: string): void {
    this.runtime.stopEnrollment(deviceId, socket.id);
  }

  private present(state: MachineLiveState, role: StaffRole): MachineLiveState {
    if (!state.session) return state;
    const name = visibility(role) === 'names' ? this.runtime.memberNameOfKey(state.session.memberKey) : null;
    return { ...state, session: { ...state.session, memberName: name } };
  }

  // LiveSink: the runtime's events, to the rooms that may see them.
  tap(siteId: string | null, event: TapEvent, memberName: string | null): void {
    if (!this.server) return;
    const rooms = (v: string) => (siteId ? [`all:${v}`, `site:${siteId}:${v}`] : [`all:${v}`]);
    this.server.to(rooms('names')).emit('tap', { ...event, memberName });
    this.server.to(rooms('pseudo')).emit('tap', { ...event, memberName: null });
  }

  machine(state: MachineLiveState, memberName: string | null): void {
    if (!this.server) return;
    const named = state.session ? { ...state, session: { ...state.session, memberName } } : state;
    this.server.to([`all:names`, `site:${state.siteId}:names`]).emit('machine', named);
    this.server.to([`all:pseudo`, `site:${state.siteId}:pseudo`]).emit('machine', state);
  }

  sessionStarted(siteId: string, session: LiveSession, memberName: string | null): void {
    if (!this.server) return;
    this.server.to([`all:names`, `site:${siteId}:names`]).emit('session.started', { ...session, memberName });
    this.server.to([`all:pseudo`, `site:${siteId}:pseudo`]).emit('session.started', session);
  }

  sessionEnded(siteId: string, event: SessionEndedEvent): void {
    this.server
      ?.to([`all:names`, `all:pseudo`, `site:${siteId}:names`, `site:${siteId}:pseudo`])
      .emit('session.ended', event);
  }

  device(event: DeviceAvailabilityEvent): void {
    this.server?.to([`all:names`, `all:pseudo`]).emit('device', event);
  }

  enrollment(socketId: string, event: EnrollmentEvent): void {
    this.server?.to(socketId).emit('enrollment.card', event);
    this.logger.log({ deviceId: event.deviceId }, 'unknown card reported for enrollment');
  }
}
