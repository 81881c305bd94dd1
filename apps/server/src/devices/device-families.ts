import type { DeviceFamilyItem } from '@werkbank/contracts';
import { deviceFamilies, type AdapterRegistry } from '@werkbank/device-protocol';

/** The descriptors as the API serves them; the example's topic rights come from this server's adapters. */
export function deviceFamilyItems(registry: AdapterRegistry): DeviceFamilyItem[] {
  return deviceFamilies().map((family) => {
    const rights = registry.get(family.protocol)?.topicRights({
      deviceId: 'example',
      protocol: family.protocol,
      address: family.example.address,
      options: family.example.options ?? null,
    });
    return {
      protocol: family.protocol,
      capabilities: { ...family.capabilities, feedback: [...family.capabilities.feedback] },
      roles: [...family.roles],
      options: family.options.map((o) => ({ ...o })),
      addressHint: { ...family.addressHint },
      exampleTopicRights: {
        publish: [...(rights?.publish ?? [])],
        subscribe: [...(rights?.subscribe ?? [])],
      },
    };
  });
}
