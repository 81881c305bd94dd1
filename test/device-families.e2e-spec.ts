import {
  DeviceProtocol,
  DeviceRole,
  DomainRule,
  StaffRole,
  type DeviceFamilyItem,
} from '@werkbank/contracts';
import { deviceFamilies } from '@werkbank/device-protocol';
import { de } from '../apps/admin/src/i18n/de';
import { en } from '../apps/admin/src/i18n/en';
import { Factory } from './support/factories';
import { startTestApp, TestApp } from './support/test-app';

describe('GET /api/device-families', () => {
  let t: TestApp;
  let families: DeviceFamilyItem[];

  beforeAll(async () => {
    // A lab prefix other than the default: the example rights must come from this server's adapters.
    t = await startTestApp({ env: { MQTT_PREFIX: 'lab' } });
    families = (await t.as(t.adminToken).get('/api/device-families').expect(200)).body as DeviceFamilyItem[];
  });

  afterAll(() => t.close());

  it('serves one entry per family, in the enum’s order, with roles that follow from the capabilities', () => {
    expect(families.map((f) => f.protocol)).toEqual(Object.values(DeviceProtocol));
    const byProtocol = new Map(families.map((f) => [f.protocol, f]));
    expect(byProtocol.get(DeviceProtocol.TasmotaRelay)).toMatchObject({
      capabilities: { reader: false, relay: true, powerMeter: true, printerReport: false, feedback: [] },
      roles: [DeviceRole.Actuator],
      options: [{ key: 'relay', kind: 'integer', default: null, min: 1, max: 32 }],
      addressHint: { key: 'devices.addressHint.tasmota_relay', example: 'plug_prusa' },
      exampleTopicRights: { publish: expect.arrayContaining(['stat/plug_prusa/#']) },
    });
    expect(byProtocol.get(DeviceProtocol.Werkbank)?.roles).toEqual([
      DeviceRole.MachineReader,
      DeviceRole.EntranceReader,
      DeviceRole.EventReader,
      DeviceRole.Actuator,
    ]);
    expect(byProtocol.get(DeviceProtocol.OctoprintMqtt)?.roles).toEqual([DeviceRole.Printer]);
    expect(byProtocol.get(DeviceProtocol.EsphomeReader)?.options.map((o) => [o.key, o.default])).toEqual([
      ['cardTopic', null],
      ['uidFormat', 'hex'],
      ['technology', null],
      ['feedbackTopic', null],
    ]);
    expect(byProtocol.get(DeviceProtocol.Werkbank)?.exampleTopicRights.subscribe).toEqual([
      'lab/v1/reader-laser-1/cmd/#',
      'lab/v1/reader-laser-1/allowlist',
      'lab/v1/reader-laser-1/allowlist/delta',
    ]);
  });

  it('is open to staff (who see the device list) and closed to trainers', async () => {
    const staff = await t.createStaff(StaffRole.Staff, 'tresen.tina');
    await t.as(staff.token).get('/api/device-families').expect(200);
    const trainer = await t.createStaff(StaffRole.Trainer, 'trainer.theo');
    await t.as(trainer.token).get('/api/device-families').expect(403);
  });

  describe('registering a device checks it against its family', () => {
    let make: Factory;
    let site: { id: string };
    let machine: { id: string };

    beforeAll(async () => {
      make = new Factory(t.as(t.adminToken));
      site = await make.site();
      machine = await make.machine(site.id, (await make.machineType()).id);
    });

    const register = (body: Record<string, unknown>) =>
      t
        .as(t.adminToken)
        .post('/api/devices', { name: 'Gerät', siteId: site.id, machineId: machine.id, ...body });

    it('refuses a role the family cannot serve, at the protocol field', async () => {
      const res = await register({
        role: 'machine_reader',
        protocol: 'tasmota_relay',
        address: 'plug_saw',
      }).expect(400);
      expect(res.body.details).toEqual([
        {
          field: 'protocol',
          problem: 'tasmota_relay devices read no cards; choose a reader protocol',
          rule: DomainRule.ProtocolRole,
        },
      ]);
      const list = (await t.as(t.adminToken).get('/api/devices').expect(200)).body as { address: string }[];
      expect(list.map((d) => d.address)).not.toContain('plug_saw');
    });

    it('refuses an option value the family does not accept, at that option', async () => {
      const res = await register({
        role: 'actuator',
        protocol: 'shelly_gen1',
        address: 'shelly1pm-saw',
        options: { relay: 'first' },
      }).expect(400);
      expect(res.body.details).toEqual([
        {
          field: 'options.relay',
          problem: 'must be a whole number from 0 to 99',
          rule: DomainRule.DeviceOption,
        },
      ]);
    });

    it('accepts the same device with a valid option, and one the family does not know', async () => {
      const res = await register({
        role: 'actuator',
        protocol: 'shelly_gen1',
        address: 'shelly1pm-saw',
        options: { relay: '1', loadWatts: '800' },
      }).expect(201);
      expect(res.body.device).toMatchObject({ options: { relay: '1', loadWatts: '800' } });
    });
  });
});

describe('the admin UI can name every family (de and en)', () => {
  const lookup = (dict: object, key: string): unknown =>
    key
      .split('.')
      .reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], dict);

  it.each(deviceFamilies().map((f) => [f.protocol, f] as const))('%s', (protocol, family) => {
    for (const dict of [de, en]) {
      expect(lookup(dict, `enums.deviceProtocol.${protocol}`)).toEqual(expect.any(String));
      expect(lookup(dict, family.addressHint.key)).toEqual(expect.any(String));
      for (const option of family.options) {
        expect([option.key, lookup(dict, option.labelKey)]).toEqual([option.key, expect.any(String)]);
        expect([option.key, lookup(dict, option.hintKey)]).toEqual([option.key, expect.any(String)]);
      }
    }
  });
});
