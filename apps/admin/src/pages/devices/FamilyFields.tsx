import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type {
  DeviceCapabilities,
  DeviceFamilyItem,
  DeviceOptionSchema,
  DeviceProtocol,
} from '@werkbank/contracts';
import { Badge, Field } from '../../components/ui';

export type OptionValues = Record<string, string>;

/** The form's start values: what is stored, else the family's default (so clearing a field means ''). */
export function optionValues(family: DeviceFamilyItem | undefined, stored?: Record<string, string> | null) {
  const values: OptionValues = {};
  for (const o of family?.options ?? []) values[o.key] = stored?.[o.key] ?? o.default ?? '';
  return values;
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

/** Field hands its control an id and aria attributes: `control` passes them on to the input. */
function OptionInput({
  option,
  value,
  onChange,
  ...control
}: {
  option: DeviceOptionSchema;
  value: string;
  onChange(value: string): void;
  id?: string;
  'aria-describedby'?: string;
  'aria-invalid'?: boolean;
  required?: boolean;
}) {
  const { t } = useTranslation();
  const name = `option-${option.key}`;
  if (option.kind === 'choice') {
    return (
      <select {...control} name={name} value={value} onChange={(e) => onChange(e.target.value)}>
        {option.default === null && <option value="">{t('common.choose')}</option>}
        {(option.choices ?? []).map((c) => (
          <option key={c} value={c}>
            {c}
          </option>
        ))}
      </select>
    );
  }
  return (
    <input
      {...control}
      name={name}
      className={option.kind === 'text' ? undefined : 'mono'}
      inputMode={option.kind === 'integer' ? 'numeric' : undefined}
      value={value}
      onChange={(e) => onChange(e.target.value)}
      maxLength={option.maxLength ?? 120}
      autoComplete="off"
      spellCheck={false}
    />
  );
}

/** One field per option of the family, labelled and explained from its schema. */
export function OptionFields({
  family,
  values,
  onChange,
  errors,
}: {
  family: DeviceFamilyItem;
  values: OptionValues;
  onChange(key: string, value: string): void;
  errors?: Record<string, string>;
}) {
  const { t } = useTranslation();
  if (family.options.length === 0) return null;
  return (
    <fieldset className="stack">
      <legend>{t('devices.optionsTitle')}</legend>
      <div className="grid-2">
        {family.options.map((o) => {
          // The keys come from the server's descriptors; the translations test keeps them in de and en.
          const hint = t(o.hintKey as 'devices.optionsTitle');
          return (
            <Field
              key={o.key}
              label={t(o.labelKey as 'devices.optionsTitle')}
              hint={o.default ? `${hint} ${t('devices.optionDefault', { value: o.default })}` : hint}
              error={errors?.[o.key]}
            >
              <OptionInput option={o} value={values[o.key] ?? ''} onChange={(v) => onChange(o.key, v)} />
            </Field>
          );
        })}
      </div>
    </fieldset>
  );
}
