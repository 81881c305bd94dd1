import { DeviceProtocol } from '@werkbank/contracts';
import { DeviceAdapter, type DeviceAddress } from './device-adapter';
import type { DecodeResult, Outbound } from './device-event';
import { MoonrakerMqttAdapter } from './moonraker/moonraker-mqtt.adapter';
import { OctoprintMqttAdapter } from './octoprint/octoprint-mqtt.adapter';

class ThrowingAdapter extends DeviceAdapter {
  readonly protocol = DeviceProtocol.TasmotaRelay;
  readonly optionSchema = [];
  protected addressProblems(): string[] {
    return [];
  }
  subscriptions(): string[] {
    return [];
  }
  topicRights(): { publish: string[]; subscribe: string[] } {
    return { publish: [], subscribe: [] };
  }
  wildcardSubscriptions(): string[] {
    return [];
  }
  matchTopic(): string | null {
    return null;
  }
  protected decodeMessage(): DecodeResult {
    throw new TypeError('boom');
  }
  encodeActuator(): Outbound[] {
    return [];
  }
  encodeFeedback(): Outbound[] {
    return [];
  }
  encodeStateQuery(): Outbound[] {
    return [];
  }
}

describe('DeviceAdapter.decode', () => {
  const adapter = new ThrowingAdapter();
  const device: DeviceAddress = { deviceId: 'x', protocol: DeviceProtocol.TasmotaRelay, address: 't' };

  it('turns an exception inside a codec into a decode error instead of crashing the consumer', () => {
    expect(adapter.decode(device, 't', 'x')).toEqual({ ok: false, error: 'decoder failed: boom' });
  });

  it('refuses oversized payloads and payloads that are neither Buffer nor string before decoding', () => {
    expect(adapter.decode(device, 't', Buffer.alloc(16 * 1024 + 1))).toEqual({
      ok: false,
      error: 'payload exceeds 16384 bytes',
    });
    expect(adapter.decode(device, 't', 'é'.repeat(8 * 1024 + 1))).toEqual({
      ok: false,
      error: 'payload exceeds 16384 bytes',
    });
    expect(adapter.decode(device, 't', 42 as unknown as string)).toEqual({
      ok: false,
      error: 'payload is neither a Buffer nor a string',
    });
  });
});

describe('PrinterReportAdapter', () => {
  it.each([new OctoprintMqttAdapter(), new MoonrakerMqttAdapter()])(
    '$protocol is a read-only printer family',
    (adapter) => {
      expect(adapter.optionSchema).toEqual([]);
      expect(adapter.encodeActuator()).toEqual([]);
      expect(adapter.encodeFeedback()).toEqual([]);
      expect(adapter.encodeStateQuery()).toEqual([]);
    },
  );
});
