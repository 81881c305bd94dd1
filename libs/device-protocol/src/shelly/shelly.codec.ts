import { decoded, rejected, type DecodeResult } from '../device-event';
import { payloadText, type Payload } from '../payload.util';

/** `…/online`: `true` / `false` (the device's last will), shared by Gen1 and Gen2. */
export function decodeShellyOnline(payload: Payload): DecodeResult {
  const text = payloadText(payload, 64);
  if (!text.ok) return text;
  const value = text.value.trim().toLowerCase();
  if (value === 'true') return decoded({ kind: 'availability', online: true });
  if (value === 'false') return decoded({ kind: 'availability', online: false });
  return rejected('online payload is not true or false');
}
