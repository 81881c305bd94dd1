import { Injectable, Logger } from '@nestjs/common';
import {
  CardTechnology,
  DeviceProtocol,
  DeviceRole,
  MachineState,
  QualificationLevel,
  SeriesFrequency,
  SiteKind,
  EventFormat,
} from '@werkbank/contracts';
import { addDaysToDate, localDateOf } from '@werkbank/access-core';
import type { MachineEntity } from '@werkbank/persistence';
import { DataSource } from 'typeorm';
import { CardsService } from '../cards/cards.service';
import { StaffPrincipal } from '../common/auth.decorators';
import { DevicesService } from '../devices/devices.service';
import { MachinesService } from '../machines/machines.service';
import { MembersService } from '../members/members.service';
import { QualificationsService } from '../qualifications/qualifications.service';
import { SitesService } from '../sites/sites.service';
import { TrainingsService } from '../trainings/trainings.service';
import { BookingsService } from '../bookings/bookings.service';
import { EventSeriesService } from '../events/event-series.service';
import { EventsService } from '../events/events.service';
import { writeSynthetic } from './synthetic/synthetic-writer';

/** Cards of the demo members, printed in the README so a newcomer can tap them. */
export const DEMO_CARDS = { trained: '008EC793', untrained: '04A2B3C4' } as const;

/**
 * The demo lab's content, created once through the same services staff use: a site, a 3D printer (Tasmota
 * reader, Shelly plug, OctoPrint) and a laser cutter (reader, relay), their qualifications, and two members
 * with cards (one trained on the printer, one not).
 */
@Injectable()
export class DemoSeed {
  private readonly logger = new Logger(DemoSeed.name);

  constructor(
    private readonly devices: DevicesService,
    private readonly sites: SitesService,
    private readonly machines: MachinesService,
    private readonly qualifications: QualificationsService,
    private readonly members: MembersService,
    private readonly cards: CardsService,
    private readonly trainings: TrainingsService,
    private readonly bookings: BookingsService,
    private readonly events: EventsService,
    private readonly series: EventSeriesService,
    private readonly dataSource: DataSource,
  ) {}

  /** Only an empty installation gets the demo content (a lab that added its own site keeps it as it is). */
  async needed(): Promise<boolean> {
    return (await this.sites.list()).length === 0;
  }

  async seed(actor: StaffPrincipal): Promise<void> {
    const site = await this.sites.create(actor, {
      name: 'Demo-Labor',
      kind: SiteKind.Fixed,
      address: 'Marktplatz 1',
      openingHours: [],
    });
    const printerType = await this.machines.createType(actor, {
      name: '3D-Drucker',
      description: 'FDM-Drucker',
    });
    const laserType = await this.machines.createType(actor, {
      name: 'Lasercutter',
      description: 'CO₂-Laser',
    });
    const printer = await this.machines.create(actor, {
      name: 'Prusa MK4',
      siteId: site.id,
      machineTypeId: printerType.id,
      state: MachineState.Available,
      maxSessionMinutes: 240,
      idlePowerWatts: 15,
      idleMinutes: 20,
    });
    const laser = await this.machines.create(actor, {
      name: 'Lasercutter',
      siteId: site.id,
      machineTypeId: laserType.id,
      needsSupervision: true,
      minimumAge: 16,
    });
    const printing = await this.qualifications.create(actor, {
      name: '3D-Druck Einweisung',
      machineTypeId: printerType.id,
      validityMonths: 12,
      currentContentVersion: 'v1',
    });
    await this.qualifications.create(actor, {
      name: 'Laser Einweisung',
      machineTypeId: laserType.id,
      validityMonths: 12,
      currentContentVersion: 'v1',
    });
    const erika = await this.members.create(actor, {
      firstName: 'Erika',
      lastName: 'Mustermann',
      email: 'erika@example.org',
    });
    const max = await this.members.create(actor, { firstName: 'Max', lastName: 'Mustermann' });
    await this.cards.add(actor, erika.id, {
      uid: DEMO_CARDS.trained,
      technology: CardTechnology.Em4100,
      label: 'Demo-Karte',
    });
    await this.cards.add(actor, max.id, {
      uid: DEMO_CARDS.untrained,
      technology: CardTechnology.MifareClassic,
      label: 'Demo-Karte',
    });
    const jonas = await this.members.create(actor, { firstName: 'Jonas', lastName: 'Beispiel' });
    await this.trainings.record(actor, {
      qualificationId: printing.id,
      memberIds: [erika.id, jonas.id],
      level: QualificationLevel.Independent,
      trainedOn: new Date().toISOString().slice(0, 10),
    });
    const register = (
      name: string,
      machine: MachineEntity | null,
      role: DeviceRole,
      protocol: DeviceProtocol,
      address: string,
      options: Record<string, string> = {},
    ) =>
      this.devices.create(actor, {
        name,
        siteId: site.id,
        machineId: machine?.id ?? null,
        role,
        protocol,
        address,
        options: { simulated: 'true', ...options },
      });
    await register(
      'Prusa MK4 – Leser',
      printer,
      DeviceRole.MachineReader,
      DeviceProtocol.TasmotaReader,
      'demo-reader-prusa',
    );
    await register(
      'Prusa MK4 – Steckdose',
      printer,
      DeviceRole.Actuator,
      DeviceProtocol.ShellyGen1,
      'shelly1pm-demo01',
      { loadWatts: '120', idleWatts: '8' },
    );
    // The printer on that plug, as OctoPrint with its MQTT plugin: `npm run tap -- --print on` starts a job,
    // and the plug then stays on after a tap-out until the job is done.
    await register(
      'Prusa MK4 – OctoPrint',
      printer,
      DeviceRole.Printer,
      DeviceProtocol.OctoprintMqtt,
      'demo-octoprint-prusa',
      { relay: 'shelly1pm-demo01', printSeconds: '120' },
    );
    await register(
      'Lasercutter – Leser',
      laser,
      DeviceRole.MachineReader,
      DeviceProtocol.TasmotaReader,
      'demo-reader-laser',
    );
    await register(
      'Lasercutter – Relais',
      laser,
      DeviceRole.Actuator,
      DeviceProtocol.TasmotaRelay,
      'demo-relay-laser',
      { loadWatts: '800' },
    );
    // The door (check-ins, staff presence) and the workshop room's event reader (attendance at the event open).
    await register(
      'Eingang – Leser',
      null,
      DeviceRole.EntranceReader,
      DeviceProtocol.TasmotaReader,
      'demo-door',
    );
    await register(
      'Werkstattraum – Veranstaltungsleser',
      null,
      DeviceRole.EventReader,
      DeviceProtocol.TasmotaReader,
      'demo-event-door',
    );
    // A week of printer bookings by Jonas, so the calendar shows some and Erika's card meets RESERVED in them.
    const at = (days: number, hour: number) => {
      const d = new Date();
      d.setDate(d.getDate() + days);
      d.setHours(hour, 0, 0, 0);
      return d.toISOString();
    };
    for (const [days, from, to] of [
      [1, 10, 12],
      [2, 14, 17],
      [4, 9, 11],
      [6, 15, 18],
    ] as const) {
      await this.bookings.create(actor, {
        machineId: printer.id,
        memberId: jonas.id,
        startsAt: at(days, from),
        endsAt: at(days, to),
        note: 'Demo',
      });
    }
    await this.seedEvents(actor, site.id, at);
    await this.seedHistory(actor, site, [printer, laser]);
    this.logger.log(
      `demo lab created: tap card ${DEMO_CARDS.trained} (trained) or ${DEMO_CARDS.untrained} (untrained) with: npm run tap -- ${DEMO_CARDS.trained}`,
    );
  }

  /**
   * Four months of synthetic activity before today (visits, sessions, events, trainings…: docs/reports.md
   * "Synthetic data"), so the reports have something to show; small, so the first start stays quick. It ends
   * the day before yesterday: the calendar's coming week keeps only the hand-made events above.
   */
  private async seedHistory(
    actor: StaffPrincipal,
    site: { id: string; timezone: string },
    machines: MachineEntity[],
  ): Promise<void> {
    const to = addDaysToDate(localDateOf(Date.now(), site.timezone), -2);
    const summary = await writeSynthetic(this.dataSource, {
      seed: 15,
      from: addDaysToDate(to, -120),
      to,
      sessions: 2500,
      visits: 1500,
      members: 60,
      sites: [
        {
          id: site.id,
          timezone: site.timezone,
          mobile: false,
          closedWeekdays: [0],
          scale: 1,
          machines: machines.map((m) => ({ id: m.id, machineTypeId: m.machineTypeId })),
        },
      ],
      staffId: actor.id,
    });
    this.logger.log(
      `demo history: ${summary.sessions} sessions, ${summary.visits} visits in ${summary.ms.write + summary.ms.cells} ms`,
    );
  }

  /** A week of events for the calendar: the weekly open workshop, a beginners' course, a school class. */
  private async seedEvents(
    actor: StaffPrincipal,
    siteId: string,
    at: (days: number, hour: number) => string,
  ): Promise<void> {
    const today = new Date();
    const day = `${today.getFullYear()}-${String(today.getMonth() + 1).padStart(2, '0')}-${String(today.getDate()).padStart(2, '0')}`;
    await this.series.create(actor, {
      title: 'Offene Werkstatt',
      format: EventFormat.OpenWorkshop,
      siteId,
      frequency: SeriesFrequency.Weekly,
      startDate: day,
      startTime: '16:00',
      endTime: '20:00',
      count: 8,
      public: true,
    });
    await this.events.create(actor, {
      title: '3D-Druck für Einsteiger',
      format: EventFormat.WorkshopCourse,
      siteId,
      startsAt: at(3, 17),
      endsAt: at(3, 19),
      capacity: 12,
      public: true,
    });
    await this.events.create(actor, {
      title: 'Schulklasse 7b: Löten',
      format: EventFormat.SchoolClassVisit,
      siteId,
      startsAt: at(5, 9),
      endsAt: at(5, 11),
      capacity: 26,
      public: false,
    });
  }
}
