/** Comma-separated lists and `key=lat,lon;…` pairs of the environment, trimmed, empty parts dropped. */
export function splitList(text: string | undefined): string[] {
  return (text ?? '')
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');
}

export function parseCoordinates(text: string | undefined): Map<string, { lat: number; lon: number }> {
  const map = new Map<string, { lat: number; lon: number }>();
  for (const part of (text ?? '').split(';')) {
    const [key, value] = part.split('=');
    if (!key?.trim() || !value) continue;
    const [lat, lon] = value.split(',').map((n) => Number(n.trim()));
    map.set(key.trim(), { lat, lon });
  }
  return map;
}

/** `<site id or name>=<lat>,<lon>` separated by `;`. */
export const COORDINATES_PATTERN =
  /^\s*[^=;]+=\s*-?\d+(\.\d+)?\s*,\s*-?\d+(\.\d+)?\s*(;\s*[^=;]+=\s*-?\d+(\.\d+)?\s*,\s*-?\d+(\.\d+)?\s*)*;?\s*$/;
