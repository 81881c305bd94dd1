// Incidents and defects on machines; a report can put the machine out of service at once.
import type { Incident, IncidentKind, IncidentSeverity } from '@werkbank/contracts';
import { api } from './client';
import { machineKeys } from './machines';
import { useApiMutation, type Callbacks } from './mutations';

export interface IncidentInput {
  machineId: string;
  severity: IncidentSeverity;
  kind: IncidentKind;
  text: string;
  putOutOfService?: boolean;
}

export function useReportIncident(callbacks?: Callbacks<Incident, IncidentInput>) {
  return useApiMutation({
    mutationFn: (input: IncidentInput) => api.post<Incident>('/incidents', input),
    invalidates: (_, input) => (input.putOutOfService ? [machineKeys.all] : []),
    ...callbacks,
  });
}
