import type { Provider } from '@nestjs/common';
import { BridgeKeys } from '../cards/bridge-keys';
import { AppConfig } from '../config/app-config';
import { resolveAllowlistSigningKey, resolveBridgeCardKey } from '../config/bridge-secrets';
import { AllowlistPublisher } from './allowlist-publisher';
import { BridgeProvisioning } from './bridge-provisioning';
import { BridgeProvisioningController } from './bridge-provisioning.controller';

/** The server side of the firmware bridges (docs/protocol.md sections 2 and 5). */
export const BRIDGE_PROVIDERS: Provider[] = [
  {
    provide: BridgeKeys,
    inject: [AppConfig],
    useFactory: (config: AppConfig) =>
      new BridgeKeys(resolveAllowlistSigningKey(config), resolveBridgeCardKey(config)),
  },
  AllowlistPublisher,
  BridgeProvisioning,
];

export const BRIDGE_CONTROLLERS = [BridgeProvisioningController];
