import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { DeviceRole, isSiteReader, type DeviceFamilyItem, type DeviceProtocol } from '@werkbank/contracts';
import { problemsOf } from '../../components/forms';
import { useAnnounce } from '../../components/ui';

export interface FormValues {
  name: string;
  siteId: string;
  role: DeviceRole;
  protocol: DeviceProtocol;
  machineId: string;
  address: string;
  mqttUsername: string;
}
export type Problems = Partial<Record<keyof FormValues, string>> & { options?: Record<string, string> };

// Required fields and the username's form are checked here; whether an address or an option fits its protocol
// only the server's adapters know (serverProblems shows their verdict at the field).
const MQTT_USERNAME = /^[A-Za-z0-9._-]{1,64}$/;

export function validate(t: TFunction, v: FormValues, creating: boolean): Problems {
  const p: Problems = {};
  if (!v.name.trim()) p.name = t('validation.required');
  if (creating && !v.siteId) p.siteId = t('validation.required');
  if (!isSiteReader(v.role) && !v.machineId) p.machineId = t('devices.machineRequired');
  if (!v.address.trim()) p.address = t('validation.required');
  if (creating && v.mqttUsername.trim() && !MQTT_USERNAME.test(v.mqttUsername.trim()))
    p.mqttUsername = t('devices.mqttUsernameInvalid');
  return p;
}

/** Field problems the server reported, by form field (options by key). */
export function serverProblems(t: TFunction, err: unknown, family?: DeviceFamilyItem): Problems {
  const problem = problemsOf(err);
  const p: Problems = {};
  for (const key of ['name', 'siteId', 'role', 'protocol', 'machineId', 'address', 'mqttUsername'] as const) {
    const text = problem(key);
    if (text) p[key] = text;
  }
  for (const option of family?.options ?? []) {
    const text = problem(`options.${option.key}`);
    if (text) p.options = { ...p.options, [option.key]: text };
  }
  // The adapters word their verdict in English; lead with what to do, in the UI's language.
  if (p.address) p.address = `${t('devices.addressInvalid')} (${p.address})`;
  return p;
}

/** Client-side problems first: move focus to the first one and say how many there are. */
export function useReportProblems() {
  const { t } = useTranslation();
  const announce = useAnnounce();
  return (form: HTMLFormElement, p: Problems): boolean => {
    const keys = Object.keys(p);
    if (keys.length === 0) return false;
    announce(t('validation.fixFields', { count: keys.length }));
    form.querySelector<HTMLElement>(`[name="${keys[0]}"]`)?.focus();
    return true;
  };
}
