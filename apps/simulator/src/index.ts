export * from './simulator';
export * from './sim-types';
export * from './devices-file';
export * from './control';
export { createStreamLogger, silentLogger, type SimLogger, type LogLevel } from './logger';
export type { VirtualDevice, DeviceContext, DeviceKinds } from './devices/virtual-device';
