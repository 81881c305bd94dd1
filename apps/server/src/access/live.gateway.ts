import { Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import {
  ConnectedSocket,
  MessageBody,
  OnGatewayConnection,
  OnGatewayInit,
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
import { AuthService, SESSION_RECHECK_MS } from '../auth/auth.service';
import { StaffPrincipal } from '../common/auth.decorators';
import { ChangeFeed } from '../common/change-feed';
import { originAllowed } from '../common/http-edge';
import { AppConfig } from '../config/app-config';
import { DomainError } from '../common/domain-error';
import { AccessState } from './runtime/access-state';
import { EnrollmentWatch } from './runtime/enrollment-watch';
import { MachineSessions } from './runtime/machine-sessions';
import { LiveHub, LiveSink } from './live-hub';

type LiveSocket = Socket<
  ClientToServerEvents,
  ServerToClientEvents,
  Record<string, never>,
  { staff?: StaffPrincipal; token?: string }
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
export class LiveGateway
  implements OnGatewayInit, OnGatewayConnection, LiveSink, OnModuleInit, OnModuleDestroy
{
  private readonly logger = new Logger(LiveGateway.name);
  @WebSocketServer() server!: Server<ClientToServerEvents, ServerToClientEvents>;
  private readonly detach: () => void;
  private recheckTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly auth: AuthService,
    private readonly sessions: MachineSessions,
    private readonly enrollmentWatch: EnrollmentWatch,
    private readonly state: AccessState,
    private readonly changes: ChangeFeed,
    private readonly config: AppConfig,
    hub: LiveHub,
  ) {
    this.detach = hub.attach(this);
  }

  /**
   * Sockets are authenticated in socket.io's middleware, before the connection exists: a handshake that is
   * malformed, unauthenticated or (with the session cookie) from a foreign origin is refused there, and
   * nothing in it can throw past this function.
   */
  afterInit(server: Server): void {
    server.use((socket, next) => {
      this.authenticateHandshake(socket as LiveSocket).then(
        (refusal) => next(refusal === null ? undefined : new Error(refusal)),
        (error: unknown) => {
          this.handshakeErrors++;
          this.logger.warn({ err: error }, 'socket handshake failed');
          next(new Error('unauthorized'));
        },
      );
    });
  }

  /** Handshakes that threw (counted; the socket is refused, the process goes on). */
  handshakeErrors = 0;

  private async authenticateHandshake(socket: LiveSocket): Promise<string | null> {
    const { auth, headers } = socket.handshake;
    const bearer =
      typeof auth?.token === 'string' && auth.token.length <= 200 ? (auth.token as string) : null;
    const token =
      bearer ?? tokenFromRequest({ cookie: typeof headers.cookie === 'string' ? headers.cookie : undefined });
    if (!token) return 'unauthorized';
    // The cookie is ambient: a page on another origin must not open the staff view with it (CSRF).
    if (bearer === null && !originAllowed(headers, String(headers.host ?? ''), this.config.allowedOrigins))
      return 'foreign origin';
    const staff = await this.auth.authenticate(token);
    if (!staff) return 'unauthorized';
    socket.data.staff = staff;
    socket.data.token = token;
    return null;
  }

  onModuleInit(): void {
    // A changed account (role, deactivation, new password) is rechecked at once; everything else that can end
    // a session (logout, expiry, a change on another instance or from the command line) at the next round.
    this.changes.on('staff', ({ id }) => this.recheckSockets((staff) => staff.id === id));
    this.recheckTimer = setInterval(() => void this.recheckSockets(), SESSION_RECHECK_MS);
    this.recheckTimer.unref();
  }

  onModuleDestroy(): void {
    this.detach();
    if (this.recheckTimer) clearInterval(this.recheckTimer);
  }

  /**
   * A socket is authenticated when it connects, but the staff view must not outlive the login: sockets whose
   * session ended are disconnected, and a changed role moves the socket to the rooms of its new visibility.
   */
  async recheckSockets(which: (staff: StaffPrincipal) => boolean = () => true): Promise<void> {
    if (!this.server) return; // not listening yet: no sockets
    const sockets = [...(this.server.sockets.sockets.values() as Iterable<LiveSocket>)];
    for (const socket of sockets) {
      const { staff, token } = socket.data;
      if (!staff || !token || !which(staff)) continue;
      const now = await this.auth.authenticate(token);
      if (!now) {
        socket.disconnect(true);
        continue;
      }
      socket.data.staff = now;
      const before = visibility(staff.role);
      const after = visibility(now.role);
      if (before === after) continue;
      for (const room of [...socket.rooms]) {
        if (!room.endsWith(`:${before}`)) continue;
        await socket.leave(room);
        await socket.join(`${room.slice(0, -before.length)}${after}`);
      }
    }
  }

  async handleConnection(socket: LiveSocket): Promise<void> {
    const staff = socket.data.staff; // set by the handshake middleware, which refuses everyone else
    if (!staff) {
      socket.disconnect(true);
      return;
    }
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
    return this.sessions.states(siteId).map((s) => this.present(s, staff.role));
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
      this.enrollmentWatch.start(deviceId, socket.id);
      return { ok: true };
    } catch (error) {
      return { ok: false, error: error instanceof DomainError ? error.message : 'enrollment failed' };
    }
  }

  @SubscribeMessage('enrollment.stop')
  stopEnrollment(@ConnectedSocket() socket: LiveSocket, @MessageBody() deviceId: string): void {
    this.enrollmentWatch.stop(deviceId, socket.id);
  }

  private present(state: MachineLiveState, role: StaffRole): MachineLiveState {
    if (!state.session) return state;
    const name = visibility(role) === 'names' ? this.state.memberNameOfKey(state.session.memberKey) : null;
    return { ...state, session: { ...state.session, memberName: name } };
  }

  // LiveSink: the runtime's events, to the rooms that may see them. Each role's copy is built and encoded only
  // when someone in its rooms watches (socket.io would encode it for empty rooms too).
  tap(siteId: string | null, event: TapEvent, memberName: string | null): void {
    const rooms = (v: string) => (siteId ? [`all:${v}`, `site:${siteId}:${v}`] : [`all:${v}`]);
    const named = rooms('names');
    const pseudo = rooms('pseudo');
    if (this.watched(named)) this.server.to(named).emit('tap', { ...event, memberName });
    if (this.watched(pseudo)) this.server.to(pseudo).emit('tap', { ...event, memberName: null });
  }

  machine(state: MachineLiveState, memberName: string | null): void {
    const named = [`all:names`, `site:${state.siteId}:names`];
    const pseudo = [`all:pseudo`, `site:${state.siteId}:pseudo`];
    if (this.watched(named)) {
      this.server
        .to(named)
        .emit('machine', state.session ? { ...state, session: { ...state.session, memberName } } : state);
    }
    if (this.watched(pseudo)) this.server.to(pseudo).emit('machine', state);
  }

  sessionStarted(siteId: string, session: LiveSession, memberName: string | null): void {
    const named = [`all:names`, `site:${siteId}:names`];
    const pseudo = [`all:pseudo`, `site:${siteId}:pseudo`];
    if (this.watched(named)) this.server.to(named).emit('session.started', { ...session, memberName });
    if (this.watched(pseudo)) this.server.to(pseudo).emit('session.started', session);
  }

  sessionEnded(siteId: string, event: SessionEndedEvent): void {
    const rooms = [`all:names`, `all:pseudo`, `site:${siteId}:names`, `site:${siteId}:pseudo`];
    if (this.watched(rooms)) this.server.to(rooms).emit('session.ended', event);
  }

  device(event: DeviceAvailabilityEvent): void {
    const rooms = [`all:names`, `all:pseudo`];
    if (this.watched(rooms)) this.server.to(rooms).emit('device', event);
  }

  enrollment(socketId: string, event: EnrollmentEvent): void {
    this.server?.to(socketId).emit('enrollment.card', event);
    this.logger.log({ deviceId: event.deviceId }, 'unknown card reported for enrollment');
  }

  /** Whether a socket of this process is in one of the rooms (rooms are local: one server process). */
  private watched(rooms: string[]): boolean {
    const present = this.server?.sockets.adapter.rooms;
    if (!present) return false;
    for (const room of rooms) if ((present.get(room)?.size ?? 0) > 0) return true;
    return false;
  }
}
