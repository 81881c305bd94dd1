import { Injectable } from '@nestjs/common';
import { stringify } from 'yaml';
import { AuditAction, DeviceProtocol, DomainRule } from '@werkbank/contracts';
import { DevicesRepository } from '@werkbank/persistence';
import { AuditService } from '../audit/audit.service';
import { BridgeKeys } from '../cards/bridge-keys';
import { StaffPrincipal } from '../common/auth.decorators';
import { DomainError } from '../common/domain-error';
import { AppConfig } from '../config/app-config';
import { MqttEndpoint } from '../mqtt/mqtt-endpoint';

/**
 * A bridge's provisioning file (bridge.yml): where its broker is, who it is, the public key its allowlists
 * are signed with and the bridge card key its offline hashes are made with. The MQTT password is not in it:
 * it is shown once when the device is created (or rotated), exactly like for every other device. Downloading
 * it is audited, since the card key lets its holder link offline hashes to card UIDs.
 */
@Injectable()
export class BridgeProvisioning {
  constructor(
    private readonly config: AppConfig,
    private readonly devices: DevicesRepository,
    private readonly keys: BridgeKeys,
    private readonly endpoint: MqttEndpoint,
    private readonly audit: AuditService,
  ) {}

  async file(actor: StaffPrincipal, deviceId: string, host: string): Promise<{ name: string; text: string }> {
    const device = await this.devices.findById(deviceId);
    if (!device) throw DomainError.notFound('Device', deviceId);
    if (device.protocol !== DeviceProtocol.Werkbank)
      throw DomainError.invalid(
        'protocol',
        `only devices of the own protocol (werkbank) are bridges; this one speaks ${device.protocol}`,
        DomainRule.ProtocolRole,
      );
    await this.audit.record(actor, AuditAction.Export, 'device', device.id, null, {
      provisioningFile: 'bridge.yml',
      keyId: this.keys.keyId,
    });
    const machines = device.machineId ? { [device.machineId]: { offlinePolicy: 'failClosed' } } : {};
    const document = {
      bridgeId: device.address,
      broker: {
        url: this.brokerUrl(host),
        username: device.mqttUsername,
        passwordFile: 'mqtt-password',
        topicPrefix: this.config.MQTT_PREFIX,
      },
      publicKeys: [{ keyId: this.keys.keyId, pem: this.keys.publicKeyPem }],
      bridgeCardKey: this.keys.bridgeCardKey,
      // The systemd unit's StateDirectory (firmware-bridge/werkbank-bridge.service).
      dataDir: '/var/lib/werkbank-bridge',
      machines,
    };
    const head = [
      `# Werkbank bridge "${device.name}" (device ${device.id}), written ${new Date().toISOString()}.`,
      '# Holds the bridge card key: readable by the bridge user only (chmod 600).',
      '# The MQTT password is not in here: put the one shown when the device was created (or a new one from',
      '# "New password" on the Devices page) into the file broker.passwordFile names.',
      '# Add the serial readers and outputs of this machine under readers: and outputs: (see firmware-bridge/README.md).',
    ];
    return { name: `bridge-${device.address}.yml`, text: `${head.join('\n')}\n${stringify(document)}` };
  }

  /** The broker as a bridge on the lab network reaches it: the host the admin reached this server by. */
  private brokerUrl(host: string): string {
    if (this.config.MQTT_MODE === 'external' && this.config.MQTT_URL) {
      const url = new URL(this.config.MQTT_URL);
      url.username = '';
      url.password = '';
      return url.toString().replace(/\/$/, '');
    }
    const hostname = host.replace(/:\d+$/, '') || '127.0.0.1';
    const tls = this.config.mqttTlsPort;
    if (tls !== null) return `mqtts://${hostname}:${tls}`;
    const port = new URL(this.endpoint.url).port || String(this.config.MQTT_PORT);
    return `mqtt://${hostname}:${port}`;
  }
}
