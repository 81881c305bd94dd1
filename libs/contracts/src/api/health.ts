import { Count, Literals, Static, Strict, Type } from './schema';

export const HealthReportSchema = Strict({
  status: Literals(['ok', 'degraded'] as const),
  database: Type.Boolean({ description: 'The database answers; without it the route answers 503.' }),
  mqtt: Type.Boolean({ description: "The server's own MQTT connection is up (still 200 without it)." }),
  uptimeS: Count(),
  version: Type.String(),
});
export type HealthReport = Static<typeof HealthReportSchema>;
