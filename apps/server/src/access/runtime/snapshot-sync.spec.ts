import { DeviceProtocol, DeviceRole } from '@werkbank/contracts';
import type { DeviceEntity, DevicesRepository, MachineEntity } from '@werkbank/persistence';
import { ChangeFeed, InProcessChangeTransport } from '../../common/change-feed';
import type { MqttBus } from '../../mqtt/mqtt-bus';
import type { ActivityJournal } from '../activity-journal';
import type { SnapshotLoader } from '../snapshot-loader';
import { SnapshotSync } from './snapshot-sync';
import { device, machine, runtimeHarness } from './testing/runtime-harness';

/** The loader's reads, answered from in-memory rows and recorded. */
function fakeLoader(machines: Map<string, MachineEntity>) {
  const calls: string[] = [];
  const loader = {
    reloadCard: async (_s: unknown, id: string) => void calls.push(`card:${id}`),
    removeCard: async (_s: unknown, uidHash: string) => void calls.push(`cardRemoved:${uidHash}`),
    reloadMember: async (_s: unknown, _n: unknown, id: string) => void calls.push(`member:${id}`),
    reloadMembers: async (_s: unknown, _n: unknown, ids: string[]) =>
      void calls.push(`members:${ids.join(',')}`),
    reloadGrants: async (_s: unknown, id: string) => void calls.push(`grants:${id}`),
    reloadQualification: async (_s: unknown, id: string) => void calls.push(`qualification:${id}`),
    reloadSite: async (_s: unknown, id: string) => {
      calls.push(`site:${id}`);
      return id !== 'deleted-site';
    },
    reloadMachine: async (_s: unknown, id: string) => machines.get(id) ?? null,
  };
  return { calls, loader: loader as unknown as SnapshotLoader };
}

async function synced() {
  const h = await runtimeHarness();
  const rows = new Map<string, DeviceEntity>();
  const machines = new Map<string, MachineEntity>([['laser-1', machine()]]);
  const devices = { findById: async (id: string) => rows.get(id) ?? null } as unknown as DevicesRepository;
  const changes = new ChangeFeed(new InProcessChangeTransport());
  const { calls, loader } = fakeLoader(machines);
  const sync = new SnapshotSync(
    changes,
    loader,
    h.state,
    h.journal as unknown as ActivityJournal,
    h.presence,
    h.entrance,
    h.sessions,
    h.board,
    h.directory,
    devices,
    h.commands,
    h.bus as unknown as MqttBus,
  );
  sync.listen();
  return { h, rows, machines, changes, calls };
}

describe('SnapshotSync', () => {
  it('a new relay is registered, subscribed and asked for its state before the change is answered', async () => {
    const { h, rows, changes } = await synced();
    rows.set(
      'relay-2',
      device({
        id: 'relay-2',
        role: DeviceRole.Actuator,
        protocol: DeviceProtocol.TasmotaRelay,
        address: 'relay-2',
      }),
    );
    await changes.emit('device', { id: 'relay-2' });
    expect(h.directory.get('relay-2')).toBeDefined();
    expect(h.bus.subscriptions).toHaveLength(1);
    expect(h.published()).toContainEqual(
      expect.objectContaining({ topic: 'cmnd/relay-2/POWER', payload: '' }),
    );
    rows.delete('relay-2');
    await changes.emit('device', { id: 'relay-2' }); // gone by the time the change is read
    expect(h.directory.get('relay-2')).toBeUndefined();
    await changes.emit('deviceRemoved', { id: 'laser-reader' });
    expect(h.directory.get('laser-reader')).toBeUndefined();
  });

  it('machines: a changed one is taken over, a deleted one forgotten', async () => {
    const { h, machines, changes } = await synced();
    machines.set('laser-1', machine({ name: 'Laser 2' }));
    await changes.emit('machine', { id: 'laser-1' });
    expect(h.sessions.get('laser-1')?.name).toBe('Laser 2');
    machines.delete('laser-1');
    await changes.emit('machineRemoved', { id: 'laser-1' });
    expect(h.sessions.get('laser-1')).toBeUndefined();
  });

  it('cards, members, trainings, qualifications and sites go to the loader; an erasure flushes the journal', async () => {
    const { h, changes, calls } = await synced();
    await changes.emit('card', { id: 'c1' });
    await changes.emit('cardRemoved', { id: 'c1', uidHash: 'h1' });
    await changes.emit('member', { id: 'm1' });
    await changes.emit('members', { ids: ['m1', 'm2'] });
    await changes.emit('training', { memberId: 'm1' });
    await changes.emit('qualification', { id: 'q1' });
    await changes.emit('site', { id: 's1' });
    await changes.emit('memberRemoved', { id: 'm3' });
    expect(calls).toEqual([
      'card:c1',
      'cardRemoved:h1',
      'member:m1',
      'members:m1,m2',
      'grants:m1',
      'qualification:q1',
      'site:s1',
      'member:m3',
    ]);
    expect(h.journal.flushes).toBe(1);
  });

  it('a staff change reloads presence: a deactivated supervisor is no longer present', async () => {
    const { h, changes } = await synced();
    h.presence.set('site-1', 'staff-3', true);
    h.staffAccounts[1].active = false;
    await changes.emit('staff', { id: 'staff-3' });
    expect(h.presence.isPresent('site-1', 'staff-3')).toBe(false);
  });
});
