import request from 'supertest';
import { Factory, today } from '../../support/factories';
import type { TestApp } from '../../support/test-app';

export interface Seeded {
  siteId: string;
  mobileSiteId: string;
  laserTypeId: string;
  printerTypeId: string;
  laserId: string;
  printerId: string;
  safetyId: string;
  laserQualId: string;
  printingQualId: string;
  members: { id: string; firstName: string; lastName: string; memberKey: string }[];
}

/** Days before the lab's today (the server dates trainings in its zone, not in UTC). */
function isoDaysAgo(days: number): string {
  const d = new Date(`${today()}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - days);
  return d.toISOString().slice(0, 10);
}

/** A small, realistic lab through the public API: sites, machines, qualifications, members, cards, trainings. */
export async function seedLab(app: TestApp): Promise<Seeded> {
  const make = new Factory(app.as(app.adminToken));
  const hours = [1, 2, 3, 4, 5].map((weekday) => ({ weekday, opens: '10:00', closes: '19:00' }));
  const site = await make.site({
    name: 'Stadtlabor Mitte',
    address: 'Marktplatz 1, 80331 München',
    municipalityKey: '09162000',
    openingHours: [...hours, { weekday: 6, opens: '10:00', closes: '14:00' }],
  });
  const mobile = await make.site({ name: 'Mobiles Labor', kind: 'mobile' });
  const laserType = await make.machineType({ name: 'Lasercutter' });
  const printerType = await make.machineType({ name: '3D-Drucker' });
  const laser = await make.machine(site.id, laserType.id, {
    name: 'Laser Epilog Fusion',
    needsSupervision: true,
    minimumAge: 16,
    maxSessionMinutes: 120,
  });
  const printer = await make.machine(site.id, printerType.id, { name: 'Prusa MK4 #1' });
  await make.machine(site.id, printerType.id, {
    name: 'Prusa MK4 #2',
    state: 'out_of_service',
    stateReason: 'Düse verstopft',
  });
  const safety = await make.qualification(laserType.id, {
    name: 'Werkstatt-Sicherheit',
    validityMonths: null,
    currentContentVersion: '2025-01',
  });
  const laserQual = await make.qualification(laserType.id, {
    name: 'Lasercutter',
    validityMonths: 12,
    validityMonthsMinors: 6,
    currentContentVersion: 'v3',
    prerequisiteIds: [safety.id],
  });
  const printing = await make.qualification(printerType.id, {
    name: '3D-Druck',
    validityMonths: 12,
    currentContentVersion: 'v2',
  });
  const people = [
    {
      firstName: 'Erika',
      lastName: 'Mustermann',
      email: 'erika@example.org',
      ageBand: '30_54',
      gender: 'female',
    },
    { firstName: 'Jonas', lastName: 'Becker', email: 'jonas@example.org' },
    { firstName: 'Aylin', lastName: 'Yılmaz', email: 'aylin@example.org', occupation: 'student' },
    {
      firstName: 'Mia',
      lastName: 'Schulz',
      isMinor: true,
      birthDate: '2011-04-02',
      guardianName: 'Petra Schulz',
      guardianConsentOn: isoDaysAgo(30),
    },
    {
      firstName: 'Tom',
      lastName: 'Gast',
      status: 'guest',
      guestValidFrom: today(),
      guestValidUntil: today(),
    },
  ];
  const members = [];
  for (const p of people) members.push(await make.member(p));
  await make.card(members[0].id, '04A1B2C3D4');
  await make.card(members[1].id, '0011223344');
  await make.training([members[0].id, members[1].id], safety.id);
  await make.training([members[0].id], laserQual.id);
  // Trained eleven and a half months ago: shows up in the expiring list.
  await make.training([members[1].id], printing.id, { trainedOn: isoDaysAgo(350) });
  return {
    siteId: site.id,
    mobileSiteId: mobile.id,
    laserTypeId: laserType.id,
    printerTypeId: printerType.id,
    laserId: laser.id,
    printerId: printer.id,
    safetyId: safety.id,
    laserQualId: laserQual.id,
    printingQualId: printing.id,
    members,
  };
}

/** A public request for the mobile lab (needs LAB_REQUEST_MIN_FILL_SECONDS=0): its id and status page path. */
export async function seedLabRequest(
  app: TestApp,
  mobileSiteId: string,
): Promise<{ labRequestId: string; statusPath: string }> {
  const labs = await request(app.url).get('/api/public/mobile-labs').expect(200);
  const soon = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
  const receipt = await request(app.url)
    .post('/api/public/lab-requests')
    .send({
      formToken: labs.body.formToken,
      siteId: mobileSiteId,
      institution: 'Grundschule Am Bach',
      institutionType: 'school',
      contactName: 'Petra Lehrer',
      email: 'petra@schule.example',
      wishedDates: [{ startsOn: soon, endsOn: soon }],
      place: 'Marktplatz 1, 12345 Musterdorf',
      municipalityKey: '09162000',
      participants: 24,
      topics: ['3d_printing'],
      message: 'Zwei Klassen der 4. Stufe',
      consent: true,
    })
    .expect(201);
  const list = await app.as(app.adminToken).get('/api/lab-requests').expect(200);
  return { labRequestId: list.body[0].id as string, statusPath: receipt.body.statusPath as string };
}
