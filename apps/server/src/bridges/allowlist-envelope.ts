import {
  encodeAllowlistEnvelope,
  sealAllowlist,
  type AllowlistBody,
  type AllowlistSigner,
} from '@werkbank/device-protocol';
import { BridgeKeys } from '../cards/bridge-keys';

/** The signed envelope v2 (docs/protocol.md section 5) as the retained payload, signed with the server's key. */
export function sealAllowlistPayload(body: AllowlistBody, keys: BridgeKeys): string {
  const signer: AllowlistSigner = {
    keyId: keys.keyId,
    sign: (message) => Uint8Array.from(keys.sign(Buffer.from(message))),
  };
  return encodeAllowlistEnvelope(sealAllowlist(body, signer));
}
