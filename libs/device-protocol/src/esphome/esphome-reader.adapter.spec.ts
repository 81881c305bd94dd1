import { CardTechnology, DenyReason, DeviceProtocol } from '@werkbank/contracts';
import type { DeviceAddress } from '../device-adapter';
import { EsphomeReaderAdapter } from './esphome-reader.adapter';

/** No recorded ESPHome payloads exist in the fixtures; the formats come from device-protocols.md A5. */
describe('EsphomeReaderAdapter', () => {
  const adapter = new EsphomeReaderAdapter();
  const device: DeviceAddress = {
    deviceId: 'e1',
    protocol: DeviceProtocol.EsphomeReader,
    address: 'reader-drill',
  };
  const card = (uid: string, technology: CardTechnology | null = null) => ({
    ok: true,
    events: [{ kind: 'card', uid, technology, msgId: null, at: null }],
  });

  it.each([
    ['74-10-37-94', '74103794'],
    ['"74-10-37-94"', '74103794'],
    ['{"uid":"74-10-37-94","rssi":-60}', '74103794'],
    [' 04-7B-CB-51-96-22-80\n', '047BCB51962280'],
  ])('hex payload %j → %s', (payload, uid) => {
    expect(adapter.decode(device, 'reader-drill/tag', payload)).toEqual(card(uid));
  });

  it('reads rdm6300 uint32 and keyboard-wedge decimals as EM4100', () => {
    const dec = { ...device, options: { uidFormat: 'decimal32' } };
    expect(adapter.decode(dec, 'reader-drill/tag', '9357203')).toEqual(
      card('008EC793', CardTechnology.Em4100),
    );
    expect(adapter.decode(dec, 'reader-drill/tag', '{"uid":9357203}')).toEqual(
      card('008EC793', CardTechnology.Em4100),
    );
    expect(adapter.decode(dec, 'reader-drill/tag', '0009357203')).toEqual(
      card('008EC793', CardTechnology.Em4100),
    );
    const raw = { ...device, options: { uidFormat: 'rdm6300' } };
    expect(adapter.decode(raw, 'reader-drill/tag', '14008EC793')).toEqual(
      card('008EC793', CardTechnology.Em4100),
    );
  });

  it('uses a configured card topic and technology', () => {
    const custom = {
      ...device,
      options: { cardTopic: 'werkstatt/bohrer/rfid', technology: 'mifare_classic' },
    };
    expect(adapter.subscriptions(custom)).toEqual(['werkstatt/bohrer/rfid', 'reader-drill/status']);
    expect(adapter.routingKeys(custom)).toEqual(['reader-drill', 'werkstatt/bohrer/rfid']);
    expect(adapter.matchTopic('werkstatt/bohrer/rfid')).toBe('werkstatt/bohrer/rfid');
    expect(adapter.matchTopic('reader-drill/status')).toBe('reader-drill');
    expect(adapter.decode(custom, 'werkstatt/bohrer/rfid', 'BA-83-9D-07')).toEqual(
      card('BA839D07', CardTechnology.MifareClassic),
    );
    expect(adapter.decode(custom, 'reader-drill/tag', 'BA-83-9D-07').ok).toBe(false);
  });

  it('decodes availability', () => {
    expect(adapter.decode(device, 'reader-drill/status', 'offline')).toEqual({
      ok: true,
      events: [{ kind: 'availability', online: false }],
    });
  });

  it('reports precise errors', () => {
    expect(adapter.decode(device, 'reader-drill/tag', '{"tag":"74-10-37-94"}')).toEqual({
      ok: false,
      error: 'JSON payload has no uid',
    });
    expect(adapter.decode(device, 'reader-drill/tag', '{"uid":')).toEqual({
      ok: false,
      error: 'payload is not JSON',
    });
    expect(adapter.decode(device, 'reader-drill/tag', '74-10-37')).toEqual({
      ok: false,
      error: 'UID length 3 bytes is not 4, 5, 7 or 10',
    });
    expect(
      adapter.decode({ ...device, options: { uidFormat: 'decimal32' } }, 'reader-drill/tag', '74-10-37-94'),
    ).toEqual({
      ok: false,
      error: 'UID is not a decimal number',
    });
  });

  it('publishes feedback JSON only when a feedback topic is configured', () => {
    const feedback = { result: 'denied' as const, reason: DenyReason.MachineInUse, text: 'Maschine belegt' };
    expect(adapter.encodeFeedback(device, feedback)).toEqual([]);
    expect(
      adapter.encodeFeedback({ ...device, options: { feedbackTopic: 'reader-drill/feedback' } }, feedback),
    ).toEqual([
      {
        topic: 'reader-drill/feedback',
        payload: '{"result":"denied","reason":"MACHINE_IN_USE","text":"Maschine belegt"}',
        qos: 0,
        retain: false,
      },
    ]);
  });

  it('validates options', () => {
    expect(
      adapter.validate({
        ...device,
        options: { uidFormat: 'octal', cardTopic: 'x/status', technology: 'x' },
      }),
    ).toEqual([
      'options.cardTopic must not end in /status',
      'options.uidFormat must be one of hex, decimal32, rdm6300',
      'options.technology must be one of em4100, mifare_classic, mifare_ultralight, ntag, desfire, other',
    ]);
    expect(adapter.wildcardSubscriptions()).toEqual([]);
    expect(adapter.coveredByWildcards()).toBe(false);
  });
});
