import { DeviceProtocol, DeviceRole } from '@werkbank/contracts';
import { AppConfig } from '../config/app-config';
import { MqttAccounts } from '../mqtt/mqtt-accounts';
import { device } from '../access/runtime/testing/runtime-harness';
import { DeviceDirectory } from './device-directory';

function directory() {
  const accounts = new MqttAccounts();
  const revoked: string[] = [];
  accounts.onRevoked((u) => revoked.push(u));
  return { accounts, revoked, dir: new DeviceDirectory(new AppConfig(), accounts) };
}

const reader = device({
  id: 'r',
  role: DeviceRole.MachineReader,
  protocol: DeviceProtocol.TasmotaReader,
  address: 'rd',
});
const relay = device({
  id: 'p',
  role: DeviceRole.Actuator,
  protocol: DeviceProtocol.TasmotaRelay,
  address: 'pl',
});

describe('DeviceDirectory', () => {
  it('routes, indexes by machine and gives each device its broker account with its rights', () => {
    const { dir, accounts } = directory();
    dir.load([reader, relay]);
    expect(dir.route('tele/rd/SENSOR').map((r) => r.device.deviceId)).toEqual(['r']);
    expect(
      dir
        .ofMachine('laser-1')
        .map((d) => d.entity.id)
        .sort(),
    ).toEqual(['p', 'r']);
    expect(dir.ofMachineWithRole('laser-1', DeviceRole.Actuator).map((d) => d.entity.id)).toEqual(['p']);
    expect(accounts.get('p')?.rights?.subscribe).toEqual(['cmnd/pl/#']);
    expect(dir.subscriptions().length).toBeGreaterThan(0);
  });

  it('a moved or removed device loses its old topics and its broker session', () => {
    const { dir, accounts, revoked } = directory();
    dir.load([reader]);
    dir.upsert(device({ ...reader, address: 'rd2' }));
    expect(dir.route('tele/rd/SENSOR')).toEqual([]);
    expect(dir.route('tele/rd2/SENSOR')).toHaveLength(1);
    expect(revoked).toEqual(['r']);
    dir.remove('r');
    expect(accounts.get('r')).toBeUndefined();
    expect(dir.ofMachine('laser-1')).toEqual([]);
  });

  it('keeps the online flag across an update of the row', () => {
    const { dir } = directory();
    dir.load([reader]);
    const registered = dir.get('r');
    if (registered) registered.online = true;
    dir.upsert(device({ ...reader, name: 'renamed' }));
    expect(dir.isOnline('r')).toBe(true);
  });

  it('names what is wrong before a device is saved: role, address, duplicates, overlapping topics', () => {
    const { dir } = directory();
    dir.load([reader]);
    expect(dir.roleProblems(device({ ...relay, role: DeviceRole.MachineReader }))).toEqual([
      'tasmota_relay devices read no cards; choose a reader protocol',
    ]);
    expect(dir.roleProblems(relay)).toEqual([]);
    expect(dir.routingProblems(device({ ...relay, address: 'bad address' }))[0]).toMatch(/address|topic/i);
    expect(dir.routingProblems(device({ ...reader, id: 'other' }))).toEqual([
      'address rd is already used by device r',
    ]);
    expect(dir.topicConflicts(device({ ...relay, address: 'rd' }))).toEqual([
      expect.objectContaining({ otherDevice: 'r' }),
    ]);
    expect(dir.topicRights(device({ ...relay, address: 'bad address' }))).toEqual({
      publish: [],
      subscribe: [],
    });
  });

  it('a row the router refuses is not registered (and logged), the others are', () => {
    const { dir } = directory();
    dir.load([reader, device({ ...relay, id: 'x', address: 'bad address' }), relay]);
    expect(dir.get('x')).toBeUndefined();
    expect(dir.get('p')).toBeDefined();
  });
});
