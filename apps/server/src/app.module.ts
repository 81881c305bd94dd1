import { DynamicModule, Module, RequestMethod } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { LoggerModule } from 'nestjs-pino';
import { PersistenceModule } from '@werkbank/persistence';
import { pinoDestination } from './common/logging';
import { requestIdOf } from './common/request-id';
import { AccessController } from './access/access.controller';
import { AccessLifecycle } from './lifecycle';
import { ACCESS_RUNTIME_PROVIDERS } from './access/access.providers';
import { BRIDGE_CONTROLLERS, BRIDGE_PROVIDERS } from './bridges/bridges.providers';
import { ActivityJournal } from './access/activity-journal';
import { PrintStates } from './access/print-states';
import { DemoController } from './demo/demo.controller';
import { DemoLab } from './demo/demo-lab';
import { ReportExportsController } from './reports/report-exports.controller';
import { ReportInputs } from './reports/report-inputs';
import { ReportRetention } from './reports/report-retention';
import { ReportRollup } from './reports/report-rollup';
import { ReportsController } from './reports/reports.controller';
import { ReportsService } from './reports/reports.service';
import { UrbanRuralClasses } from './reports/urban-rural-classes';
import { UrbanRuralImport } from './reports/urban-rural.service';
import { MemberDataExportController } from './members/data-export/data-export.controller';
import { MemberDataExportService } from './members/data-export/data-export.service';
import { MemberDataCollector } from './members/data-export/member-data-collector';
import { PrivacyController } from './privacy/privacy.controller';
import { DemoSeed } from './demo/demo-seed';
import { LiveGateway } from './access/live.gateway';
import { LiveHub } from './access/live-hub';
import { SessionsService } from './access/sessions.service';
import { AccessEventsService } from './access/access-events.service';
import { SnapshotLoader } from './access/snapshot-loader';
import { DeviceFamiliesController } from './devices/device-families.controller';
import { DevicesController } from './devices/devices.controller';
import { DevicesService } from './devices/devices.service';
import { EmbeddedBroker } from './mqtt/embedded-broker';
import { MqttAccounts } from './mqtt/mqtt-accounts';
import { MqttBus } from './mqtt/mqtt-bus';
import { MqttEndpoint } from './mqtt/mqtt-endpoint';
import { AuditController } from './audit/audit.controller';
import { AuditService } from './audit/audit.service';
import { AuthController } from './auth/auth.controller';
import { AuthGuard } from './auth/auth.guard';
import { AuthService } from './auth/auth.service';
import { PasswordHasher } from './auth/password-hasher';
import { CardHasher } from './cards/card-hasher';
import { CardsController } from './cards/cards.controller';
import { CardsService } from './cards/cards.service';
import { CHANGE_TRANSPORT, ChangeFeed, InProcessChangeTransport } from './common/change-feed';
import { CLOCK, Clock, systemClock } from './common/clock';
import { ApiErrorFilter } from './common/error.filter';
import { AppConfig, databaseSettings } from './config/app-config';
import { resolveCardHashSecret } from './config/secrets';
import { SessionSweeper } from './auth/session-sweeper';
import { LoginLimiter } from './auth/login-limiter';
import { HealthController } from './health/health.controller';
import { MachinesController, MachineTypesController } from './machines/machines.controller';
import { MachinesService } from './machines/machines.service';
import { MemberImportService } from './members/member-import.service';
import { MembersController } from './members/members.controller';
import { MembersService } from './members/members.service';
import { QualificationsController } from './qualifications/qualifications.controller';
import { QualificationsService } from './qualifications/qualifications.service';
import { SitesController } from './sites/sites.controller';
import { BookingsController } from './bookings/bookings.controller';
import { BookingsService } from './bookings/bookings.service';
import { SitesService } from './sites/sites.service';
import { OwnPasswordController } from './staff/own-password.controller';
import { StaffController } from './staff/staff.controller';
import { StaffService } from './staff/staff.service';
import { TrainingsController } from './trainings/trainings.controller';
import { TrainingsService } from './trainings/trainings.service';
import { EventAttendanceService } from './events/event-attendance.service';
import { EventRegistrationsService } from './events/event-registrations.service';
import { EventRules } from './events/event-rules';
import { EventSeriesService } from './events/event-series.service';
import { EventSeriesController, EventsController } from './events/events.controller';
import { EventsService } from './events/events.service';
import { PartnersController } from './events/partners.controller';
import { PartnersService } from './events/partners.service';
import { PublicCalendarController } from './events/public-calendar.controller';
import { PublicCalendarService } from './events/public-calendar.service';
import { VisitsController } from './visits/visits.controller';
import { VisitsService } from './visits/visits.service';
import { VisitSummaryService } from './visits/visit-summary.service';
import { VisitPlaces } from './visits/visit-places';
import { IncidentsController } from './incidents/incidents.controller';
import { IncidentsService } from './incidents/incidents.service';
import { VolunteerHoursController } from './volunteer-hours/volunteer-hours.controller';
import { VolunteerHoursService } from './volunteer-hours/volunteer-hours.service';
import { LabMailer } from './lab-requests/lab-mailer';
import { LabRequestsController } from './lab-requests/lab-requests.controller';
import { LabRequestsService } from './lab-requests/lab-requests.service';
import { FormTokens, SubmissionLimiter } from './lab-requests/public-form-guard';
import { PublicLabRequestsController } from './lab-requests/public-lab-requests.controller';
import { PublicLabRequestsService } from './lab-requests/public-lab-requests.service';
import { SpaceApiController } from './spaceapi/spaceapi.controller';
import { SpaceApiService } from './spaceapi/spaceapi.service';

export interface AppModuleOptions {
  config: AppConfig;
  clock?: Clock;
  /** Throwaway test databases only. */
  synchronize?: boolean;
}

@Module({})
export class AppModule {
  static forRoot(options: AppModuleOptions): DynamicModule {
    const { config } = options;
    return {
      module: AppModule,
      imports: [
        LoggerModule.forRoot({
          // pino-http runs per request only when requests are logged: a child logger per request costs ~8 % of a
          // list page's CPU (profiled). Without it, service logs carry no request id; error bodies still do.
          forRoutes: config.LOG_HTTP ? [{ path: '{*path}', method: RequestMethod.ALL }] : [],
          pinoHttp: pinoDestination(config, {
            level: config.LOG_LEVEL,
            autoLogging: config.LOG_HTTP,
            // The same id as Fastify's request.id (bootstrap), which the error bodies carry.
            genReqId: (req) => requestIdOf(req),
            redact: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
          }),
        }),
        PersistenceModule.forRoot(() => ({ ...databaseSettings(config), synchronize: options.synchronize })),
      ],
      controllers: [
        HealthController,
        ReportsController,
        ReportExportsController,
        MemberDataExportController,
        PrivacyController,
        AuthController,
        StaffController,
        OwnPasswordController,
        AuditController,
        SitesController,
        BookingsController,
        MembersController,
        CardsController,
        MachineTypesController,
        MachinesController,
        QualificationsController,
        TrainingsController,
        // Before DevicesController: its GET :id would otherwise not be more specific than :id/bridge.yml.
        ...BRIDGE_CONTROLLERS,
        DevicesController,
        DeviceFamiliesController,
        AccessController,
        DemoController,
        PartnersController,
        EventsController,
        EventSeriesController,
        PublicCalendarController,
        VisitsController,
        IncidentsController,
        VolunteerHoursController,
        PublicLabRequestsController,
        LabRequestsController,
        SpaceApiController,
      ],
      providers: [
        { provide: AppConfig, useValue: config },
        { provide: CLOCK, useValue: options.clock ?? systemClock },
        { provide: CardHasher, useFactory: () => new CardHasher(resolveCardHashSecret(config)) },
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_FILTER, useClass: ApiErrorFilter },
        // One process today; several instances swap in a transport that reaches all of them (docs/architecture.md).
        { provide: CHANGE_TRANSPORT, useClass: InProcessChangeTransport },
        ChangeFeed,
        PasswordHasher,
        AuthService,
        SessionSweeper,
        LoginLimiter,
        AuditService,
        StaffService,
        SitesService,
        BookingsService,
        MembersService,
        MemberImportService,
        CardsService,
        MachinesService,
        QualificationsService,
        TrainingsService,
        DevicesService,
        MqttAccounts,
        EmbeddedBroker,
        MqttBus,
        MqttEndpoint,
        ActivityJournal,
        PrintStates,
        SnapshotLoader,
        LiveHub,
        LiveGateway,
        ...ACCESS_RUNTIME_PROVIDERS,
        ...BRIDGE_PROVIDERS,
        SessionsService,
        AccessEventsService,
        DemoSeed,
        DemoLab,
        AccessLifecycle,
        EventRules,
        PartnersService,
        EventRegistrationsService,
        EventAttendanceService,
        EventsService,
        EventSeriesService,
        PublicCalendarService,
        VisitPlaces,
        VisitsService,
        VisitSummaryService,
        IncidentsService,
        VolunteerHoursService,
        LabMailer,
        LabRequestsService,
        PublicLabRequestsService,
        SpaceApiService,
        ReportRollup,
        ReportRetention,
        ReportInputs,
        ReportsService,
        UrbanRuralClasses,
        UrbanRuralImport,
        MemberDataCollector,
        MemberDataExportService,
        { provide: FormTokens, useFactory: () => FormTokens.fromServerSecret(resolveCardHashSecret(config)) },
        {
          provide: SubmissionLimiter,
          useFactory: () => new SubmissionLimiter(() => config.LAB_REQUESTS_PER_HOUR),
        },
      ],
    };
  }
}
