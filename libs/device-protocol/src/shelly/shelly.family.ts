import { DeviceProtocol } from '@werkbank/contracts';
import { defineFamily } from '../device-family';
import { SHELLY_GEN1_OPTIONS, ShellyGen1Adapter } from './shelly-gen1.adapter';
import { SHELLY_GEN2_OPTIONS, ShellyGen2Adapter } from './shelly-gen2.adapter';

const SHELLY_CAPABILITIES = {
  reader: false,
  relay: true,
  powerMeter: true,
  printerReport: false,
  printerControl: false,
  feedback: [],
};

/** Shelly Gen1 relays and plugs (Shelly 1PM, Plug S…): plain MQTT topics under `shellies/<id>/`. */
export const SHELLY_GEN1_FAMILY = defineFamily({
  protocol: DeviceProtocol.ShellyGen1,
  capabilities: SHELLY_CAPABILITIES,
  options: SHELLY_GEN1_OPTIONS,
  example: { address: 'shellyplug-s-7C87CE' },
  samples: [
    { topic: 'shellies/shellyplug-s-7C87CE/relay/0', payload: 'on' },
    { topic: 'shellies/shellyplug-s-7C87CE/relay/0/power', payload: '41.2' },
  ],
  createAdapter: () => new ShellyGen1Adapter(),
});

/** Shelly Gen2+ (Plus, Pro): JSON-RPC over MQTT. */
export const SHELLY_GEN2_FAMILY = defineFamily({
  protocol: DeviceProtocol.ShellyGen2,
  capabilities: SHELLY_CAPABILITIES,
  options: SHELLY_GEN2_OPTIONS,
  example: { address: 'shellyplus1pm-a8032abe2f18' },
  samples: [
    {
      topic: 'shellyplus1pm-a8032abe2f18/events/rpc',
      payload:
        '{"src":"shellyplus1pm-a8032abe2f18","dst":"shellyplus1pm-a8032abe2f18/events","method":"NotifyStatus",' +
        '"params":{"ts":1700000000.1,"switch:0":{"id":0,"output":true,"apower":41.2}}}',
    },
  ],
  createAdapter: (c) => new ShellyGen2Adapter({ rpcClientId: c.shellyRpcClientId }),
});
