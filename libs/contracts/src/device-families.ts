/** How a family can answer a tap at the reader: a signal (beep, LED) and/or a short text on a display. */
export enum FeedbackKind {
  Signal = 'signal',
  Text = 'text',
}

// The shapes are defined once, as schemas, in api/device-families.ts (the OpenAPI document serves them).
export type {
  DeviceAddressHint,
  DeviceCapabilities,
  DeviceFamilyItem,
  DeviceOptionKind,
  DeviceOptionSchema,
} from './api/device-families';
