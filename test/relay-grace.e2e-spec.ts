import { MqttEndpoint } from '../apps/server/src/mqtt/mqtt-endpoint';
import { eventually, FakeDevice } from './support/devices';
import { Factory } from './support/factories';
import { startTestApp, TestApp } from './support/test-app';

/**
 * A Tasmota plug on the real embedded broker that behaves like the device: it answers POWER commands and the
 * empty state query on stat/<t>/POWER, and someone can switch it by hand.
 */
class FakeTasmotaPlug {
  on = false;
  readonly commands: string[] = [];

  constructor(
    private readonly device: FakeDevice,
    private readonly topic: string,
  ) {
    device.client.on('message', (topic, payload) => {
      if (topic !== `cmnd/${this.topic}/POWER`) return;
      const command = payload.toString();
      this.commands.push(command);
      if (command === 'ON') this.on = true;
      if (command === 'OFF') this.on = false;
      void this.report();
    });
  }

  async switchByHand(on: boolean): Promise<void> {
    this.on = on;
    await this.report();
  }

  private report(): Promise<void> {
    return this.device.publish(`stat/${this.topic}/POWER`, this.on ? 'ON' : 'OFF');
  }
}

describe('relay reports inside the grace window after our own command', () => {
  let t: TestApp;
  let reader: FakeDevice;
  let plugDevice: FakeDevice;
  let plug: FakeTasmotaPlug;
  let msg = 0;
  const tap = () =>
    reader.publish(
      'werkbank/v1/grace-reader/evt/card',
      JSON.stringify({ uid: '008EC793', tech: 'em4100', at: new Date().toISOString(), msgId: `g-${++msg}` }),
    );

  beforeAll(async () => {
    t = await startTestApp();
    const admin = t.as(t.adminToken);
    const make = new Factory(admin);
    const site = await make.site();
    const type = await make.machineType();
    const machine = await make.machine(site.id, type.id, { name: 'Bandsaw' });
    const qualification = await make.qualification(type.id);
    const member = await make.member();
    await make.card(member.id, '008EC793');
    await make.training([member.id], qualification.id);
    const device = async (role: string, protocol: string, address: string) => {
      const res = await admin
        .post('/api/devices', {
          name: address,
          siteId: site.id,
          machineId: machine.id,
          role,
          protocol,
          address,
        })
        .expect(201);
      return { username: res.body.device.mqttUsername as string, password: res.body.mqttPassword as string };
    };
    const readerAccount = await device('machine_reader', 'werkbank', 'grace-reader');
    const plugAccount = await device('actuator', 'tasmota_relay', 'grace-plug');
    const url = t.app.get(MqttEndpoint).url;
    reader = await FakeDevice.connect(url, readerAccount.username, readerAccount.password);
    plugDevice = await FakeDevice.connect(url, plugAccount.username, plugAccount.password);
    plug = new FakeTasmotaPlug(plugDevice, 'grace-plug');
    expect(await plugDevice.subscribe('cmnd/grace-plug/#')).toBe(true);
  });

  afterAll(async () => {
    await Promise.all([reader?.close(), plugDevice?.close()]);
    await t?.close();
  });

  it('a member who switches the plug on by hand 1 s after tapping out: the server switches it off again', async () => {
    await tap();
    await eventually(() => plug.on);
    await tap(); // tap-out: the server cuts the power
    await eventually(() => !plug.on && plug.commands.at(-1) === 'OFF');
    const offCommands = plug.commands.filter((c) => c === 'OFF').length;

    await new Promise((r) => setTimeout(r, 1000));
    await plug.switchByHand(true); // inside the 3 s grace window after our OFF

    // The next periodic report would come only after Tasmota's TelePeriod (300 s by default).
    await eventually(() => plug.commands.filter((c) => c === 'OFF').length > offCommands && !plug.on, 6000);
    const live = await t.as(t.adminToken).get('/api/live/machines').expect(200);
    expect(live.body).toEqual([expect.objectContaining({ relayOn: false, session: null })]);
  }, 15_000);
});
