import { DeviceProtocol, DeviceRole, type DeviceOptionSchema } from '@werkbank/contracts';
import type { DeviceAddress, FeedbackCommand } from './device-adapter';
import type { DeviceEventKind } from './device-event';
import { rolesOf } from './device-family';
import { optionDefaults, optionProblems } from './device-options';
import { DEVICE_FAMILIES, deviceFamilies, deviceOptionProblems, deviceRoleProblems } from './families';

const families = deviceFamilies();
const allowed: FeedbackCommand = { result: 'allowed', reason: null, text: 'Hallo Ada' };

const exampleOf = (protocol: DeviceProtocol): DeviceAddress => {
  const { example } = DEVICE_FAMILIES[protocol];
  return { deviceId: 'example', protocol, address: example.address, options: example.options ?? null };
};

/** The event kinds the family's recorded samples decode to, through its adapter as the server routes them. */
function decodedKinds(protocol: DeviceProtocol): Set<DeviceEventKind> {
  const family = DEVICE_FAMILIES[protocol];
  const adapter = family.createAdapter({});
  const device = exampleOf(protocol);
  const kinds = new Set<DeviceEventKind>();
  for (const sample of family.samples) {
    expect(adapter.routingKeys(device)).toContain(adapter.matchTopic(sample.topic));
    const result = adapter.decode(device, sample.topic, sample.payload);
    if (!result.ok) throw new Error(`${protocol} sample ${sample.topic}: ${result.error}`);
    for (const event of result.events) kinds.add(event.kind);
  }
  return kinds;
}

describe('device family descriptors', () => {
  it('has one descriptor per DeviceProtocol, keyed by its own protocol and building its own adapter', () => {
    expect(families.map((f) => f.protocol)).toEqual(Object.values(DeviceProtocol));
    for (const family of families) expect(family.createAdapter({}).protocol).toBe(family.protocol);
  });

  describe.each(families.map((f) => [f.protocol, f] as const))('%s', (protocol, family) => {
    const adapter = family.createAdapter({});
    const device = exampleOf(protocol);

    it('derives its roles from its capabilities', () => {
      expect(family.roles).toEqual(rolesOf(family.capabilities));
      expect(family.roles.length).toBeGreaterThan(0);
    });

    it('declares exactly what its adapter decodes from the recorded samples', () => {
      const kinds = decodedKinds(protocol);
      expect({
        reader: kinds.has('card'),
        relay: kinds.has('relay'),
        powerMeter: kinds.has('power'),
        printerReport: kinds.has('printer'),
      }).toEqual({
        reader: family.capabilities.reader,
        relay: family.capabilities.relay,
        powerMeter: family.capabilities.powerMeter,
        printerReport: family.capabilities.printerReport,
      });
    });

    it('declares exactly what its adapter encodes', () => {
      expect(adapter.encodeActuator(device, true).length > 0).toBe(family.capabilities.relay);
      expect(adapter.encodeActuator(device, false).length > 0).toBe(family.capabilities.relay);
      expect(adapter.encodeFeedback(device, allowed).length > 0).toBe(
        family.capabilities.feedback.length > 0,
      );
      // No adapter has a print command encoder yet: a family claiming one would promise what nothing sends.
      expect(family.capabilities.printerControl).toBe(false);
    });

    it('carries its adapter’s option schema, with unique keys, labels and hints', () => {
      expect(family.options).toEqual(adapter.optionSchema);
      const keys = family.options.map((o) => o.key);
      expect(new Set(keys).size).toBe(keys.length);
      for (const option of family.options) {
        expect(option.labelKey).toMatch(new RegExp(`^devices\\.optionField\\.${protocol}\\.${option.key}$`));
        expect(option.hintKey).toBe(`${option.labelKey}Hint`);
      }
    });

    it('has defaults that its schema accepts and that behave exactly like the option left out', () => {
      const defaults = optionDefaults(family.options);
      expect(optionProblems(family.options, defaults)).toEqual([]);
      const withDefaults: DeviceAddress = { ...device, options: { ...defaults, ...device.options } };
      expect(adapter.validate(withDefaults)).toEqual([]);
      expect(adapter.subscriptions(withDefaults)).toEqual(adapter.subscriptions(device));
      expect(adapter.topicRights(withDefaults)).toEqual(adapter.topicRights(device));
      expect(adapter.encodeActuator(withDefaults, true)).toEqual(adapter.encodeActuator(device, true));
      expect(adapter.encodeFeedback(withDefaults, allowed)).toEqual(adapter.encodeFeedback(device, allowed));
      expect(adapter.encodeStateQuery(withDefaults)).toEqual(adapter.encodeStateQuery(device));
    });

    it('has an address hint whose example its adapter accepts, and topic rights for it', () => {
      expect(family.addressHint).toEqual({
        key: `devices.addressHint.${protocol}`,
        example: family.example.address,
      });
      expect(adapter.validate(device)).toEqual([]);
      const rights = adapter.topicRights(device);
      expect(rights.publish.length + rights.subscribe.length).toBeGreaterThan(0);
    });
  });
});

describe('deviceRoleProblems', () => {
  it.each([
    [DeviceProtocol.Werkbank, DeviceRole.MachineReader, []],
    [DeviceProtocol.Werkbank, DeviceRole.Actuator, []],
    [DeviceProtocol.EsphomeReader, DeviceRole.EntranceReader, []],
    [DeviceProtocol.OctoprintMqtt, DeviceRole.Printer, []],
    [
      DeviceProtocol.TasmotaRelay,
      DeviceRole.MachineReader,
      ['tasmota_relay devices read no cards; choose a reader protocol'],
    ],
    [
      DeviceProtocol.TasmotaReader,
      DeviceRole.Actuator,
      ['tasmota_reader devices switch nothing; choose a relay protocol'],
    ],
    [
      DeviceProtocol.ShellyGen2,
      DeviceRole.Printer,
      ['shelly_gen2 devices report no print jobs; choose a printer protocol'],
    ],
    [
      DeviceProtocol.MoonrakerMqtt,
      DeviceRole.EntranceReader,
      ['moonraker_mqtt devices read no cards; choose a reader protocol'],
    ],
  ])('%s as %s → %j', (protocol, role, problems) => {
    expect(deviceRoleProblems({ protocol, role })).toEqual(problems);
  });

  it('names an unknown family', () => {
    expect(deviceRoleProblems({ protocol: 'zigbee', role: DeviceRole.Actuator })).toEqual([
      'no device family zigbee',
    ]);
  });
});

describe('option validation', () => {
  it.each([
    [DeviceProtocol.TasmotaRelay, { relay: '33' }, 'options.relay', 'must be a whole number from 1 to 32'],
    [DeviceProtocol.TasmotaRelay, { relay: '02' }, 'options.relay', 'must be a whole number from 1 to 32'],
    [DeviceProtocol.ShellyGen1, { relay: 'one' }, 'options.relay', 'must be a whole number from 0 to 99'],
    [DeviceProtocol.ShellyGen1, { relay: '' }, 'options.relay', 'must not be empty'],
    [
      DeviceProtocol.ShellyGen2,
      { switchId: '-1' },
      'options.switchId',
      'must be a whole number from 0 to 999',
    ],
    [
      DeviceProtocol.EsphomeReader,
      { uidFormat: 'octal' },
      'options.uidFormat',
      'must be one of hex, decimal32, rdm6300',
    ],
    [
      DeviceProtocol.EsphomeReader,
      { feedbackTopic: 'lab/+/show' },
      'options.feedbackTopic',
      'must be an MQTT topic without wildcards (+, #) or empty levels',
    ],
    [
      DeviceProtocol.TasmotaReader,
      { feedbackCommand: 'Buzzer/1' },
      'options.feedbackCommand',
      'must be one word without /, + or #',
    ],
    [
      DeviceProtocol.TasmotaReader,
      { feedbackDenied: 'x'.repeat(257) },
      'options.feedbackDenied',
      'must be at most 256 characters',
    ],
    [DeviceProtocol.TasmotaRelay, { relay: 2 }, 'options.relay', 'must be a string'],
  ])('%s %j → %s %s', (protocol, options, field, problem) => {
    expect(deviceOptionProblems({ protocol, options })).toEqual([{ field, problem }]);
    // The adapter refuses the same device with the same words.
    const adapter = DEVICE_FAMILIES[protocol].createAdapter({});
    const device = { ...exampleOf(protocol), options: options as unknown as Record<string, string> };
    expect(adapter.validate(device)).toContain(`${field} ${problem}`);
  });

  it.each([
    [DeviceProtocol.TasmotaRelay, { relay: '' }],
    [DeviceProtocol.TasmotaRelay, { relay: '32' }],
    [DeviceProtocol.TasmotaReader, { feedbackCommand: '' }],
    [DeviceProtocol.ShellyGen1, { relay: '0' }],
    // Keys the family does not know are kept for whoever reads them (the simulator's load model).
    [DeviceProtocol.ShellyGen1, { loadWatts: 'lots', simulated: 'true' }],
    [DeviceProtocol.Werkbank, null],
  ])('%s %j is accepted', (protocol, options) => {
    expect(deviceOptionProblems({ protocol, options })).toEqual([]);
  });

  it('checks every kind of option against its own limits', () => {
    const schema: DeviceOptionSchema[] = [
      { key: 'n', kind: 'integer', default: '5', min: 2, max: 9, labelKey: 'l', hintKey: 'h' },
      { key: 'c', kind: 'choice', default: 'a', choices: ['a', 'b'], labelKey: 'l', hintKey: 'h' },
      { key: 't', kind: 'text', default: null, maxLength: 3, labelKey: 'l', hintKey: 'h' },
    ];
    expect(optionDefaults(schema)).toEqual({ n: '5', c: 'a' });
    expect(optionProblems(schema, { n: '1', c: 'z', t: 'abcd' }).map((p) => p.field)).toEqual([
      'options.n',
      'options.c',
      'options.t',
    ]);
    expect(optionProblems(schema, { n: '9', c: 'b', t: 'abc' })).toEqual([]);
  });
});
