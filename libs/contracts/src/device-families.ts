// The shapes are defined once, as schemas, in api/device-families.ts (the OpenAPI document serves them).
export type {
  DeviceAddressHint,
  DeviceCapabilities,
  DeviceFamilyItem,
  DeviceOptionKind,
  DeviceOptionSchema,
} from './api/device-families';
