import type { AllowlistDeltaBody, AllowlistFullBody } from '@werkbank/device-protocol';
import { BridgeKeys } from '../cards/bridge-keys';

/** The signed envelope v2 (docs/protocol.md section 5): the body's bytes, base64, and their signature. */
export function sealAllowlistPayload(body: AllowlistFullBody | AllowlistDeltaBody, keys: BridgeKeys): string {
  const bytes = Buffer.from(JSON.stringify(body), 'utf8');
  return JSON.stringify({
    v: 2,
    keyId: keys.keyId,
    body: bytes.toString('base64'),
    sig: keys.sign(bytes).toString('base64'),
  });
}
