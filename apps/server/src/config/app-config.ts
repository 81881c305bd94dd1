import { plainToInstance, Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  validateSync,
} from 'class-validator';
import { STAFF_PASSWORD_MIN_LENGTH } from '@werkbank/contracts';

const toBool = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' ? ['1', 'true', 'yes', 'on'].includes(value.toLowerCase()) : value;
const toInt = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value;

/**
 * The one configuration schema. Every variable is documented in `.env.example`; `loadConfig` validates the
 * environment once at boot and reports every bad variable together.
 */
export class AppConfig {
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @IsString()
  HOST = '0.0.0.0';

  /** `sqlite:<file>` (default) or `postgres://user:pass@host:5432/db`. */
  @Matches(/^(sqlite:.+|postgres(ql)?:\/\/.+)$/, {
    message: 'DATABASE_URL must start with sqlite: or postgres://',
  })
  DATABASE_URL = 'sqlite:./data/werkbank.sqlite';

  /** Folder for the SQLite file, generated secrets and other state. */
  @IsString()
  DATA_DIR = './data';

  @IsIn(['embedded', 'external'])
  MQTT_MODE: 'embedded' | 'external' = 'embedded';

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  MQTT_PORT = 1883;

  @IsString()
  MQTT_HOST = '0.0.0.0';

  /** External broker URL (MQTT_MODE=external), e.g. mqtt://mosquitto:1883. */
  @IsOptional()
  @Matches(/^mqtts?:\/\/.+/, { message: 'MQTT_URL must be an mqtt:// or mqtts:// URL' })
  MQTT_URL?: string;

  @IsOptional()
  @IsString()
  MQTT_USERNAME?: string;

  @IsOptional()
  @IsString()
  MQTT_PASSWORD?: string;

  /** Topic prefix of the own device protocol. */
  @Matches(/^[a-z0-9_-]{1,32}$/, { message: 'MQTT_PREFIX must be 1-32 of a-z 0-9 _ -' })
  MQTT_PREFIX = 'werkbank';

  /** Secret key of the card UID hash (HMAC-SHA256). Generated into DATA_DIR on first start when unset. */
  @IsOptional()
  @MinLength(32)
  CARD_HASH_SECRET?: string;

  @Matches(/^[a-z0-9._-]{3,64}$/, { message: 'ADMIN_USERNAME must be 3-64 of a-z 0-9 . _ -' })
  ADMIN_USERNAME = 'admin';

  /** Password of the first admin account; generated and printed once when unset. */
  @IsOptional()
  @MinLength(STAFF_PASSWORD_MIN_LENGTH)
  @MaxLength(200)
  ADMIN_PASSWORD?: string;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(24 * 30)
  SESSION_TTL_HOURS = 12;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1000)
  LOGIN_ATTEMPTS_PER_MINUTE = 5;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  /** Log every HTTP request (off by default: access decisions are audit rows, not log lines). */
  @Transform(toBool)
  @IsBoolean()
  LOG_HTTP = false;

  /** Start the simulated devices (a reader and relay per demo machine). Defaults to on outside production. */
  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  DEMO_MODE?: boolean;

  /** Folder with the built admin UI. */
  @IsString()
  ADMIN_UI_DIR = 'dist/admin';

  /** Zone in which dates without a time (guest passes, training expiry) start and end. */
  @IsString()
  TIMEZONE = 'Europe/Berlin';

  /** Language of reader displays and texts sent to devices. */
  @IsIn(['de', 'en'])
  DEVICE_LANGUAGE: 'de' | 'en' = 'de';

  /** fsync the activity journal on every tap: survives power loss, costs a disk flush per tap. */
  @Transform(toBool)
  @IsBoolean()
  JOURNAL_FSYNC = false;

  /** A reader repeating the same card within this window counts once (held cards, QoS 1 redelivery). */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(60_000)
  TAP_DEBOUNCE_MS = 2000;

  /**
   * Own-protocol taps whose `at` is older than this are refused as stale; their message ids are remembered this
   * long (plus TAP_MAX_SKEW_S, also across a restart), so a replayed tap is refused and counted as `replayed`.
   */
  @Transform(toInt)
  @IsInt()
  @Min(10)
  @Max(86_400)
  TAP_MAX_AGE_S = 120;

  /** Own-protocol taps whose `at` is more than this ahead of the server's clock are refused as stale. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(3600)
  TAP_MAX_SKEW_S = 30;

  /** Power stays on this long after a print finishes (the hot end cools with its fan). */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(120)
  COOL_DOWN_MINUTES = 3;

  /** Subscribe through an MQTT 5 shared subscription group, so several server instances share device traffic. */
  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{1,32}$/, { message: 'MQTT_SHARE_GROUP must be 1-32 of A-Z a-z 0-9 _ -' })
  MQTT_SHARE_GROUP?: string;

  get demoMode(): boolean {
    return this.DEMO_MODE ?? this.NODE_ENV !== 'production';
  }
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** Validate an environment; throws ConfigError listing every problem. Empty strings count as unset. */
/** DATABASE_URL as the persistence lib's settings: `sqlite:<file>` or a PostgreSQL URL. */
export function databaseSettings(config: AppConfig) {
  const url = config.DATABASE_URL;
  return url.startsWith('postgres')
    ? { type: 'postgres' as const, location: url }
    : { type: 'sqlite' as const, location: url.replace(/^sqlite:/, '') };
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const known = Object.keys(new AppConfig());
  const raw: Record<string, string> = {};
  for (const key of [
    ...known,
    'MQTT_URL',
    'MQTT_USERNAME',
    'MQTT_PASSWORD',
    'CARD_HASH_SECRET',
    'ADMIN_PASSWORD',
    'DEMO_MODE',
    'MQTT_SHARE_GROUP',
  ]) {
    const value = env[key];
    if (value !== undefined && value !== '') raw[key] = value;
  }
  const config = plainToInstance(AppConfig, raw);
  const errors = validateSync(config, { whitelist: true });
  const problems = errors.flatMap((e) =>
    Object.values(e.constraints ?? {}).map(
      (message) => `${e.property}: ${message} (got ${JSON.stringify(e.value)})`,
    ),
  );
  if (config.MQTT_MODE === 'external' && !config.MQTT_URL)
    problems.push('MQTT_URL: required when MQTT_MODE=external');
  if (config.NODE_ENV === 'production' && !config.CARD_HASH_SECRET) {
    problems.push(
      'CARD_HASH_SECRET: required in production (at least 32 characters; keep it safe, cards depend on it)',
    );
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}
