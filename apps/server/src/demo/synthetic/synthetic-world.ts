import { randomUUID } from 'node:crypto';
import { MachineState, SiteKind } from '@werkbank/contracts';
import { insertInChunks, MachineEntity, MachineTypeEntity, SiteEntity } from '@werkbank/persistence';
import type { DataSource } from 'typeorm';
import type { PlanSite } from './plan';

const TYPES = ['3D-Drucker', 'Lasercutter', 'CNC-Fräse', 'Schneideplotter', 'Lötstation', 'Nähmaschine'];
/** Three fixed sites (a main lab, a branch, a school lab) and a mobile lab, each with its machines. */
const SITES = [
  {
    name: 'Hauptlabor',
    kind: SiteKind.Fixed,
    scale: 1,
    closed: [0],
    machines: [0, 0, 0, 1, 1, 2, 3, 4, 4, 5],
  },
  { name: 'Zweigstelle Süd', kind: SiteKind.Fixed, scale: 0.5, closed: [0, 1], machines: [0, 0, 1, 4, 5] },
  { name: 'Schullabor', kind: SiteKind.Fixed, scale: 0.3, closed: [0, 6], machines: [0, 3, 4] },
  { name: 'Mobiles Labor', kind: SiteKind.Mobile, scale: 0.4, closed: [], machines: [0, 0, 3, 4] },
] as const;

/** Creates the synthetic sites, machine types and machines; `label` tells them apart from a lab's own. */
export async function createSyntheticWorld(ds: DataSource, label: string): Promise<PlanSite[]> {
  const now = new Date();
  const stamps = { createdAt: now, updatedAt: now };
  const types = TYPES.map((name) => ({
    id: randomUUID(),
    ...stamps,
    name: `${name} (${label})`,
    description: null,
  }));
  const sites: PlanSite[] = [];
  const siteRows: SiteEntity[] = [];
  const machines: MachineEntity[] = [];
  for (const s of SITES) {
    const id = randomUUID();
    siteRows.push({
      id,
      ...stamps,
      name: `${s.name} (${label})`,
      kind: s.kind,
      timezone: 'Europe/Berlin',
      address: null,
      municipalityKey: null,
    } as SiteEntity);
    const own = s.machines.map((t, i) => ({
      id: randomUUID(),
      ...stamps,
      siteId: id,
      machineTypeId: types[t].id,
      name: `${TYPES[t]} ${i + 1}`,
      state: MachineState.Available,
      stateReason: null,
      needsSupervision: t === 1 || t === 2,
      minimumAge: t === 1 || t === 2 ? 16 : null,
      maxSessionMinutes: null,
      allowTakeover: false,
      idlePowerWatts: null,
      idleMinutes: null,
    }));
    machines.push(...(own as MachineEntity[]));
    sites.push({
      id,
      timezone: 'Europe/Berlin',
      mobile: s.kind === SiteKind.Mobile,
      closedWeekdays: s.closed,
      scale: s.scale,
      machines: own.map((m) => ({ id: m.id, machineTypeId: m.machineTypeId })),
    });
  }
  await ds.transaction(async (em) => {
    await insertInChunks(em, MachineTypeEntity, types as MachineTypeEntity[]);
    await insertInChunks(em, SiteEntity, siteRows);
    await insertInChunks(em, MachineEntity, machines);
  });
  return sites;
}
