import { CardTechnology, DenyReason, DeviceProtocol } from '@werkbank/contracts';
import type { DeviceAddress } from '../device-adapter';
import { TasmotaReaderAdapter } from './tasmota-reader.adapter';
import { TasmotaRelayAdapter } from './tasmota-relay.adapter';

const reader = new TasmotaReaderAdapter();
const relayAdapter = new TasmotaRelayAdapter();
const readerDevice: DeviceAddress = {
  deviceId: 'r1',
  protocol: DeviceProtocol.TasmotaReader,
  address: 'lasercutter',
};
const relayDevice: DeviceAddress = {
  deviceId: 's1',
  protocol: DeviceProtocol.TasmotaRelay,
  address: 'lasercutter',
};

describe('TasmotaReaderAdapter', () => {
  it('subscribes SENSOR and LWT', () => {
    expect(reader.subscriptions(readerDevice)).toEqual(['tele/lasercutter/SENSOR', 'tele/lasercutter/LWT']);
    expect(reader.wildcardSubscriptions()).toEqual(['tele/+/SENSOR', 'tele/+/LWT']);
  });

  it('matches only its own topic shapes, also for topics with a slash', () => {
    expect(reader.matchTopic('tele/lasercutter/SENSOR')).toBe('lasercutter');
    expect(reader.matchTopic('tele/lab/door/LWT')).toBe('lab/door');
    expect(reader.matchTopic('stat/lasercutter/RESULT')).toBeNull();
    expect(reader.matchTopic('tele/lasercutter/STATE')).toBeNull();
    expect(reader.matchTopic('tele//SENSOR')).toBeNull();
    expect(reader.matchTopic('SENSOR')).toBeNull();
  });

  it('beeps through the configurable feedback command, never retained', () => {
    const allowed = { result: 'allowed' as const, reason: null, text: 'Hallo' };
    const denied = { result: 'denied' as const, reason: DenyReason.NotTrained, text: 'Keine Einweisung' };
    expect(reader.encodeFeedback(readerDevice, allowed)).toEqual([
      { topic: 'cmnd/lasercutter/Buzzer', payload: '1', qos: 0, retain: false },
    ]);
    expect(reader.encodeFeedback(readerDevice, denied)).toEqual([
      { topic: 'cmnd/lasercutter/Buzzer', payload: '3', qos: 0, retain: false },
    ]);
    const custom = {
      ...readerDevice,
      options: { feedbackCommand: 'Power2', feedbackAllowed: 'ON', feedbackDenied: 'OFF' },
    };
    expect(reader.encodeFeedback(custom, allowed)).toEqual([
      { topic: 'cmnd/lasercutter/Power2', payload: 'ON', qos: 0, retain: false },
    ]);
    expect(reader.encodeFeedback({ ...readerDevice, options: { feedbackCommand: '' } }, allowed)).toEqual([]);
    expect(reader.encodeActuator()).toEqual([]);
    expect(reader.encodeStateQuery()).toEqual([]);
  });

  it('reports precise errors', () => {
    const topic = 'tele/lasercutter/SENSOR';
    expect(reader.decode(readerDevice, topic, '{"RDM6300":{"UID":"XYZ"}}')).toEqual({
      ok: false,
      error: 'RDM6300.UID: UID is not hex',
    });
    expect(reader.decode(readerDevice, topic, '{"PN532":"94D8FC5F"}')).toEqual({
      ok: false,
      error: 'PN532 is not an object',
    });
    expect(reader.decode(readerDevice, topic, '{"RC522":{}}')).toEqual({
      ok: false,
      error: 'RC522.UID: UID is not a string',
    });
    expect(reader.decode(readerDevice, topic, 'ON')).toEqual({ ok: false, error: 'payload is not JSON' });
    expect(reader.decode(readerDevice, topic, '[1]')).toEqual({
      ok: false,
      error: 'payload is not a JSON object',
    });
    expect(reader.decode(readerDevice, topic, `{"x":"${'a'.repeat(17000)}"}`)).toEqual({
      ok: false,
      error: 'payload exceeds 16384 bytes',
    });
    expect(reader.decode(readerDevice, topic, Buffer.from([0x7b, 0xff, 0x7d]))).toEqual({
      ok: false,
      error: 'payload is not valid UTF-8',
    });
    expect(reader.decode(readerDevice, 'tele/other/SENSOR', '{}')).toEqual({
      ok: false,
      error: 'topic is not a tasmota_reader topic of lasercutter',
    });
    expect(reader.decode(readerDevice, 'tele/lasercutter/LWT', 'Maybe')).toEqual({
      ok: false,
      error: 'LWT payload is not Online or Offline',
    });
  });

  it('keeps a zoned Time as `at` and a local one as `localAt`, for the server to read in TIMEZONE', () => {
    const local = reader.decode(
      readerDevice,
      'tele/lasercutter/SENSOR',
      '{"Time":"2026-03-11T00:30:05","RDM6300":{"UID":"008EC793"}}',
    );
    expect(local).toEqual({
      ok: true,
      events: [
        {
          kind: 'card',
          uid: '008EC793',
          technology: CardTechnology.Em4100,
          msgId: null,
          at: null,
          localAt: '2026-03-11T00:30:05',
        },
      ],
    });
    for (const time of ['2026-13-01T00:00:00', '11.03.2026 00:30', 1234, '2026-03-11T00:30']) {
      const r = reader.decode(
        readerDevice,
        'tele/lasercutter/SENSOR',
        JSON.stringify({ Time: time, RDM6300: { UID: '008EC793' } }),
      );
      expect(r.ok && r.events[0]).toEqual(expect.not.objectContaining({ localAt: expect.anything() }));
    }

    const topic = 'tele/lasercutter/SENSOR';
    const zoned = reader.decode(
      readerDevice,
      topic,
      '{"Time":"2021-06-27T15:03:44+02:00","RDM6300":{"UID":"008EC793"}}',
    );
    expect(zoned).toEqual({
      ok: true,
      events: [
        {
          kind: 'card',
          uid: '008EC793',
          technology: CardTechnology.Em4100,
          msgId: null,
          at: '2021-06-27T15:03:44+02:00',
        },
      ],
    });
  });

  it('maps RC522 type names', () => {
    const topic = 'tele/lasercutter/SENSOR';
    const tech = (type: string) => {
      const r = reader.decode(
        readerDevice,
        topic,
        JSON.stringify({ RC522: { UID: '04A1B2C3D4E5F6', Type: type } }),
      );
      return r.ok && r.events[0]?.kind === 'card' ? r.events[0].technology : 'error';
    };
    expect(tech('MIFARE Ultralight or Ultralight C')).toBe(CardTechnology.MifareUltralight);
    expect(tech('MIFARE 4KB')).toBe(CardTechnology.MifareClassic);
    expect(tech('MIFARE DESFire')).toBe(CardTechnology.Desfire);
    expect(tech('PICC compliant with ISO/IEC 14443-4')).toBe(CardTechnology.Other);
    expect(tech('Unknown type')).toBeNull();
  });

  it('validates options', () => {
    expect(reader.validate({ ...readerDevice, address: 'tele/+' })).toHaveLength(1);
    expect(reader.validate({ ...readerDevice, options: { feedbackCommand: 'a/b' } })).toEqual([
      'options.feedbackCommand must be one word without /, + or #',
    ]);
    expect(() =>
      reader.encodeFeedback({ ...readerDevice, address: '#' }, { result: 'allowed', reason: null, text: '' }),
    ).toThrow(RangeError);
  });
});

describe('TasmotaRelayAdapter', () => {
  it('switches with POWER ON/OFF, never retained, and queries with an empty POWER', () => {
    expect(relayAdapter.encodeActuator(relayDevice, true)).toEqual([
      { topic: 'cmnd/lasercutter/POWER', payload: 'ON', qos: 1, retain: false },
    ]);
    expect(relayAdapter.encodeActuator({ ...relayDevice, options: { relay: '2' } }, false)).toEqual([
      { topic: 'cmnd/lasercutter/POWER2', payload: 'OFF', qos: 1, retain: false },
    ]);
    expect(relayAdapter.encodeStateQuery(relayDevice)).toEqual([
      { topic: 'cmnd/lasercutter/POWER', payload: '', qos: 1, retain: false },
    ]);
    expect(relayAdapter.encodeFeedback()).toEqual([]);
  });

  it('subscribes per device only when the wildcards miss it', () => {
    expect(relayAdapter.coveredByWildcards(relayDevice)).toBe(true);
    const second = { ...relayDevice, options: { relay: '2' } };
    expect(relayAdapter.coveredByWildcards(second)).toBe(false);
    expect(relayAdapter.subscriptions(second)).toContain('stat/lasercutter/POWER2');
  });

  it('reads multi-channel ENERGY.Power arrays by relay index', () => {
    const topic = 'tele/lasercutter/SENSOR';
    const payload = '{"ENERGY":{"Power":[12.5,230]}}';
    expect(relayAdapter.decode(relayDevice, topic, payload)).toEqual({
      ok: true,
      events: [{ kind: 'power', watts: 12.5 }],
    });
    expect(relayAdapter.decode({ ...relayDevice, options: { relay: '2' } }, topic, payload)).toEqual({
      ok: true,
      events: [{ kind: 'power', watts: 230 }],
    });
    expect(relayAdapter.decode({ ...relayDevice, options: { relay: '3' } }, topic, payload)).toEqual({
      ok: false,
      error: 'ENERGY.Power has no channel 3',
    });
  });

  it('a Tasmota with SetOption4 1: reads JSON on stat/<t>/POWER like plain text', () => {
    const on = { ok: true, events: [{ kind: 'relay', on: true }] };
    expect(relayAdapter.decode(relayDevice, 'stat/lasercutter/POWER', '{"POWER":"ON"}')).toEqual(on);
    expect(relayAdapter.decode(relayDevice, 'stat/lasercutter/POWER', 'ON')).toEqual(on);
    const second = { ...relayDevice, options: { relay: '2' } };
    expect(relayAdapter.decode(second, 'stat/lasercutter/POWER2', '{"POWER2":"OFF"}')).toEqual({
      ok: true,
      events: [{ kind: 'relay', on: false }],
    });
    expect(relayAdapter.decode(relayDevice, 'stat/lasercutter/POWER', '{"POWER":"TOGGLE"}')).toEqual({
      ok: false,
      error: 'POWER value "TOGGLE" is not ON or OFF',
    });
  });

  it('hears stat/<t>/STATE, the answer to the State command', () => {
    expect(relayAdapter.wildcardSubscriptions()).toContain('stat/+/STATE');
    expect(relayAdapter.subscriptions(relayDevice)).toContain('stat/lasercutter/STATE');
    expect(relayAdapter.matchTopic('stat/lasercutter/STATE')).toBe('lasercutter');
    const state = '{"Time":"2021-06-27T15:03:44+02:00","Uptime":"0T00:00:13","POWER":"ON","Wifi":{"AP":1}}';
    expect(relayAdapter.decode(relayDevice, 'stat/lasercutter/STATE', state)).toEqual({
      ok: true,
      events: [{ kind: 'relay', on: true }],
    });
  });

  it('reports precise errors', () => {
    expect(relayAdapter.decode(relayDevice, 'stat/lasercutter/RESULT', '{"POWER":"TOGGLE"}')).toEqual({
      ok: false,
      error: 'POWER value "TOGGLE" is not ON or OFF',
    });
    expect(relayAdapter.decode(relayDevice, 'stat/lasercutter/POWER', 'maybe')).toEqual({
      ok: false,
      error: 'POWER payload "maybe" is not ON or OFF',
    });
    expect(
      relayAdapter.decode(relayDevice, 'tele/lasercutter/SENSOR', '{"ENERGY":{"Power":"lots"}}'),
    ).toEqual({
      ok: false,
      error: 'ENERGY.Power "lots" is not a number',
    });
    expect(relayAdapter.decode(relayDevice, 'tele/lasercutter/SENSOR', '{"ENERGY":5}')).toEqual({
      ok: false,
      error: 'ENERGY is not an object',
    });
  });
});
