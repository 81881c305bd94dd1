import { useState } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type {
  DeviceCapabilities,
  DeviceFamilyItem,
  DeviceOptionSchema,
  DeviceProtocol,
  DeviceRole,
} from '@werkbank/contracts';
import { SelectField, TextField } from '../../components/fields';
import type { FieldLabel } from '../../lib/errors';
import { Badge } from '../../components/ui';

export function familyOf(
  families: readonly DeviceFamilyItem[] | undefined,
  protocol: DeviceProtocol,
): DeviceFamilyItem | undefined {
  return families?.find((f) => f.protocol === protocol);
}

/** The families that can serve a role (the server refuses the others). */
export function familiesFor(
  families: readonly DeviceFamilyItem[] | undefined,
  role: DeviceRole,
): DeviceFamilyItem[] {
  return (families ?? []).filter((f) => f.roles.includes(role));
}

export type OptionValues = Record<string, string>;

/** The form's start values: what is stored, else the family's default (so clearing a field means ''). */
function optionValues(family: DeviceFamilyItem | undefined, stored?: Record<string, string> | null) {
  const values: OptionValues = {};
  for (const o of family?.options ?? []) values[o.key] = stored?.[o.key] ?? o.default ?? '';
  return values;
}

/** The option fields' state: the fields touched over the start values; `reset` when the family changes. */
export function useOptionValues(
  family: DeviceFamilyItem | undefined,
  stored?: Record<string, string> | null,
) {
  const [touched, setTouched] = useState<OptionValues>({});
  return {
    values: { ...optionValues(family, stored), ...touched },
    change: (key: string, value: string) => setTouched((o) => ({ ...o, [key]: value })),
    reset: () => setTouched({}),
  };
}

/**
 * The options to save: those that differ from the default, over what was stored (keys the family does not
 * know, such as the demo's `simulated`, stay). A cleared field is '' where the family gives '' a meaning,
 * else the default.
 */
export function optionsToSave(
  family: DeviceFamilyItem | undefined,
  values: OptionValues,
  stored?: Record<string, string> | null,
): Record<string, string> | null {
  const result: Record<string, string> = { ...stored };
  for (const o of family?.options ?? []) {
    const value = (values[o.key] ?? '').trim();
    delete result[o.key];
    if (value === (o.default ?? '')) continue;
    if (value !== '' || (o.allowEmpty && o.default !== null)) result[o.key] = value;
  }
  return Object.keys(result).length > 0 ? result : null;
}

/** An option's label: the keys come from the server's descriptors; the translations test keeps them in de and en. */
const optionLabel = (t: TFunction, o: DeviceOptionSchema): string => t(o.labelKey as 'devices.optionsTitle');

/** The error box's name for a refused option (`options.relay`): the option's label, as at its field. */
export function optionFieldLabel(t: TFunction, family: DeviceFamilyItem | undefined): FieldLabel {
  return (field) => {
    const option = family?.options.find((o) => field === `options.${o.key}`);
    return option && optionLabel(t, option);
  };
}

/** What the address is, and the family's example. */
export function addressHint(t: TFunction, protocol: DeviceProtocol, family?: DeviceFamilyItem): string {
  const text: string = t(`devices.addressHint.${protocol}`);
  if (!family) return text;
  const example: string = t('devices.addressExample', { example: family.addressHint.example });
  return `${text} ${example}`;
}

const CAPABILITIES = [
  'reader',
  'relay',
  'powerMeter',
  'printerReport',
  'printerControl',
] as const satisfies readonly (keyof DeviceCapabilities)[];

/** What the chosen family can do, as badges (text, never colour alone). */
export function CapabilityBadges({ family }: { family: DeviceFamilyItem }) {
  const { t } = useTranslation();
  const labels = [
    ...CAPABILITIES.filter((c) => family.capabilities[c]).map((c) => t(`devices.capability.${c}`)),
    ...family.capabilities.feedback.map((kind) => t(`devices.capability.${kind}`)),
  ];
  return (
    <p className="hint" data-testid="family-capabilities">
      {t('devices.capabilitiesLabel')}:{' '}
      {labels.map((label) => (
        <Badge key={label} tone="info">
          {label}
        </Badge>
      ))}
    </p>
  );
}

/** One field per option of the family, labelled and explained from its schema. */
export function OptionFields({
  family,
  options,
  errors,
}: {
  family: DeviceFamilyItem | undefined;
  options: ReturnType<typeof useOptionValues>;
  errors?: Record<string, string>;
}) {
  const { t } = useTranslation();
  if (!family || family.options.length === 0) return null;
  return (
    <fieldset className="stack">
      <legend>{t('devices.optionsTitle')}</legend>
      <div className="grid-2">
        {family.options.map((o) => {
          const hint = t(o.hintKey as 'devices.optionsTitle');
          const field = {
            label: optionLabel(t, o),
            hint: o.default ? `${hint} ${t('devices.optionDefault', { value: o.default })}` : hint,
            error: errors?.[o.key],
            name: `option-${o.key}`,
            value: options.values[o.key] ?? '',
            onChange: (v: string) => options.change(o.key, v),
          };
          return o.kind === 'choice' ? (
            <SelectField
              key={o.key}
              {...field}
              placeholder={o.default === null ? t('common.choose') : undefined}
              options={(o.choices ?? []).map((c) => ({ value: c, label: c }))}
            />
          ) : (
            <TextField
              key={o.key}
              {...field}
              controlClassName={o.kind === 'text' ? undefined : 'mono'}
              inputMode={o.kind === 'integer' ? 'numeric' : undefined}
              maxLength={o.maxLength ?? 120}
              autoComplete="off"
              spellCheck={false}
            />
          );
        })}
      </div>
    </fieldset>
  );
}
