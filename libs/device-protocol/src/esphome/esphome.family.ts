import { DeviceProtocol, FeedbackKind } from '@werkbank/contracts';
import { defineFamily } from '../device-family';
import { ESPHOME_READER_OPTIONS, EsphomeReaderAdapter } from './esphome-reader.adapter';

/** An ESPHome node with a tag reader; feedback as the own protocol's JSON on a configured topic. */
export const ESPHOME_READER_FAMILY = defineFamily({
  protocol: DeviceProtocol.EsphomeReader,
  capabilities: {
    reader: true,
    relay: false,
    powerMeter: false,
    printerReport: false,
    printerControl: false,
    feedback: [FeedbackKind.Signal, FeedbackKind.Text],
  },
  options: ESPHOME_READER_OPTIONS,
  example: { address: 'reader-workshop', options: { feedbackTopic: 'reader-workshop/feedback' } },
  samples: [{ topic: 'reader-workshop/tag', payload: '74-10-37-94' }],
  createAdapter: () => new EsphomeReaderAdapter(),
});
