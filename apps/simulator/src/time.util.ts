const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** Tasmota's `Time`: local time without a zone (`2026-11-23T10:00:00`), as the firmware publishes by default. */
export function tasmotaTime(date: Date): string {
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}` +
    `T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`
  );
}

/** Tasmota's `Uptime`: `<days>T<hh>:<mm>:<ss>`. */
export function tasmotaUptime(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const days = Math.floor(s / 86_400);
  return `${days}T${pad(Math.floor((s % 86_400) / 3600))}:${pad(Math.floor((s % 3600) / 60))}:${pad(s % 60)}`;
}

/** Unix seconds with two decimals, as Shelly Gen2 `ts`. */
export function unixSeconds(date: Date): number {
  return Math.round(date.getTime() / 10) / 100;
}

/** Rounds for meter readings (Tasmota shows whole watts above 10 W; keep two decimals everywhere). */
export function round(value: number, decimals = 2): number {
  const f = 10 ** decimals;
  return Math.round(value * f) / f;
}
