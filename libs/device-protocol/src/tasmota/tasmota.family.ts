import { DeviceProtocol, FeedbackKind } from '@werkbank/contracts';
import { defineFamily } from '../device-family';
import { TASMOTA_READER_OPTIONS, TasmotaReaderAdapter } from './tasmota-reader.adapter';
import { TASMOTA_RELAY_OPTIONS, TasmotaRelayAdapter } from './tasmota-relay.adapter';

/** A Tasmota board with an RFID reader (RDM6300, PN532, RC522); feedback through a configurable command. */
export const TASMOTA_READER_FAMILY = defineFamily({
  protocol: DeviceProtocol.TasmotaReader,
  capabilities: {
    reader: true,
    relay: false,
    powerMeter: false,
    printerReport: false,
    printerControl: false,
    feedback: [FeedbackKind.Signal],
  },
  options: TASMOTA_READER_OPTIONS,
  example: { address: 'tasmota_7C87CE' },
  samples: [
    {
      topic: 'tele/tasmota_7C87CE/SENSOR',
      payload: '{"Time":"2021-01-23T13:10:50","PN532":{"UID":"BA839D07","DATA":""}}',
    },
  ],
  createAdapter: () => new TasmotaReaderAdapter(),
});

/** A Tasmota plug or relay board, usually with an energy meter. */
export const TASMOTA_RELAY_FAMILY = defineFamily({
  protocol: DeviceProtocol.TasmotaRelay,
  capabilities: {
    reader: false,
    relay: true,
    powerMeter: true,
    printerReport: false,
    printerControl: false,
    feedback: [],
  },
  options: TASMOTA_RELAY_OPTIONS,
  example: { address: 'plug_prusa' },
  samples: [
    { topic: 'stat/plug_prusa/POWER', payload: 'ON' },
    {
      topic: 'tele/plug_prusa/SENSOR',
      payload: '{"Time":"2021-01-23T13:10:50","ENERGY":{"Total":0.12,"Power":2635,"Voltage":229}}',
    },
  ],
  createAdapter: () => new TasmotaRelayAdapter(),
});
