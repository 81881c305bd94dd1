import { DeviceProtocol, FeedbackKind } from '@werkbank/contracts';
import { defineFamily } from '../device-family';
import { WerkbankAdapter } from './werkbank.adapter';

/** The project's own protocol: firmware bridge or custom firmware; reader, relay and meter in one device. */
export const WERKBANK_FAMILY = defineFamily({
  protocol: DeviceProtocol.Werkbank,
  capabilities: {
    reader: true,
    relay: true,
    powerMeter: true,
    printerReport: false,
    printerControl: false,
    // The feedback JSON carries the result (for a beep or LED) and a text (for a display).
    feedback: [FeedbackKind.Signal, FeedbackKind.Text],
  },
  options: [],
  example: { address: 'reader-laser-1' },
  samples: [
    {
      topic: 'werkbank/v1/reader-laser-1/evt/card',
      payload: '{"uid":"04A224B2C35E80","tech":"ntag","at":null,"msgId":"01HZX3K9Q4"}',
    },
    { topic: 'werkbank/v1/reader-laser-1/state', payload: '{"on":true,"watts":812.5,"at":null}' },
  ],
  createAdapter: (c) => new WerkbankAdapter({ prefix: c.werkbankPrefix }),
});
