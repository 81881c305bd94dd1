import { hostname } from 'node:os';
import { Transform } from 'class-transformer';
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
} from 'class-validator';
import { STAFF_PASSWORD_MIN_LENGTH } from '@werkbank/contracts';
import { splitList } from './config-lists';
import { LabFeatureConfig } from './lab-feature-config';
import { TlsFiles } from './tls';

const toBool = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' ? ['1', 'true', 'yes', 'on'].includes(value.toLowerCase()) : value;
const toInt = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value;

/**
 * The one configuration schema. Every variable is documented in `.env.example`; `loadConfig` validates the
 * environment once at boot and reports every bad variable together.
 */
export class AppConfig extends LabFeatureConfig {
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @IsString()
  HOST = '0.0.0.0';

  /**
   * HTTPS without a proxy: the certificate (chain, PEM) and its private key (PEM, owner-only in production).
   * Both or neither; reloaded on SIGHUP. Unset: plain HTTP, for a reverse proxy that terminates TLS.
   */
  @IsOptional()
  @IsString()
  TLS_CERT_FILE?: string;

  @IsOptional()
  @IsString()
  TLS_KEY_FILE?: string;

  /**
   * Which proxies' X-Forwarded-* headers to believe (Fastify's trustProxy): `loopback` (default: a proxy on
   * the same machine), `true`, `false`, or addresses/CIDRs separated by commas. Decides https (Secure cookies,
   * HSTS) and the client address (login limits).
   */
  @IsString()
  TRUST_PROXY = 'loopback';

  /**
   * Origins (scheme://host:port, comma-separated) besides the server's own Host that may send changes with the
   * session cookie, for a proxy that rewrites the Host header. CSRF defence: every other origin is refused.
   */
  @IsString()
  ALLOWED_ORIGINS = '';

  /**
   * `sqlite:<file>` or `postgres://user:pass@host:5432/db`. Unset: `sqlite:<DATA_DIR>/werkbank.sqlite`, so that
   * DATA_DIR alone says where the installation lives (a "fresh" DATA_DIR must never reuse an old database).
   */
  @IsOptional()
  @Matches(/^(sqlite:.+|postgres(ql)?:\/\/.+)$/, {
    message: 'DATABASE_URL must start with sqlite: or postgres://',
  })
  DATABASE_URL!: string;

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

  /**
   * The embedded broker's MQTT-over-TLS port: 8883 when a certificate is configured (MQTT_TLS_CERT_FILE or
   * TLS_CERT_FILE), else off; `off` turns it off, 0 picks a free port.
   */
  @IsOptional()
  @Matches(/^(off|\d{1,5})$/, { message: 'MQTT_TLS_PORT must be a port (0-65535) or off' })
  MQTT_TLS_PORT?: string;

  /** Certificate and key of the broker's TLS listener (PEM); default TLS_CERT_FILE and TLS_KEY_FILE. */
  @IsOptional()
  @IsString()
  MQTT_TLS_CERT_FILE?: string;

  @IsOptional()
  @IsString()
  MQTT_TLS_KEY_FILE?: string;

  /**
   * Whether devices may use plain MQTT on MQTT_PORT. `false` binds the plain listener to 127.0.0.1 only (the
   * server's own connection and tools on this machine); devices then must use MQTT_TLS_PORT.
   */
  @Transform(toBool)
  @IsBoolean()
  MQTT_PLAIN = true;

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

  /**
   * The server's client id on an external broker (default `werkbank-server-<host name>`). Stable across
   * restarts, so the broker keeps the server's session and queues taps while it reconnects. Mosquitto with
   * `use_username_as_clientid` uses MQTT_USERNAME instead: several instances then need one username each.
   */
  @IsOptional()
  @Matches(/^[A-Za-z0-9._-]{1,64}$/, { message: 'MQTT_CLIENT_ID must be 1-64 of A-Z a-z 0-9 . _ -' })
  MQTT_CLIENT_ID?: string;

  /** Topic prefix of the own device protocol. */
  @Matches(/^[a-z0-9_-]{1,32}$/, { message: 'MQTT_PREFIX must be 1-32 of a-z 0-9 _ -' })
  MQTT_PREFIX = 'werkbank';

  /** Secret key of the card UID hash (HMAC-SHA256). Generated into DATA_DIR on first start when unset. */
  @IsOptional()
  @MinLength(32)
  CARD_HASH_SECRET?: string;

  /**
   * A file holding the card key (e.g. a systemd or Docker secret). In production it must lie outside DATA_DIR:
   * a database copy and the key side by side let anyone recover EM4100 UIDs (a 2^24 search per card).
   */
  @IsOptional()
  @IsString()
  CARD_HASH_SECRET_FILE?: string;

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

  /**
   * `pretty` (one readable line per entry, for a person at a terminal) or `json` (one JSON object per line, for
   * a log collector). Unset: json in production, pretty otherwise.
   */
  @IsOptional()
  @IsIn(['pretty', 'json'])
  LOG_FORMAT?: 'pretty' | 'json';

  /** Start the simulated devices (a reader and relay per demo machine). Defaults to on outside production. */
  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  DEMO_MODE?: boolean;

  /** In demo mode, start the simulator process; false when it runs elsewhere (a test, another machine). */
  @Transform(toBool)
  @IsBoolean()
  DEMO_SIMULATOR = true;

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

  /** A booking whose holder has not started a session this long after its start is released (a no-show). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(240)
  BOOKING_NO_SHOW_GRACE_MIN = 15;

  /** A reader repeating the same card within this window counts once (held cards, QoS 1 redelivery). */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(60_000)
  TAP_DEBOUNCE_MS = 2000;

  /** Own-protocol taps older than this are stale; their ids are kept as long (+ skew, across restarts). */
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

  /** Outgoing mail for lab requests, `smtp://user:pass@host:587` or `smtps://…:465`; unset: none sent. */
  @IsOptional()
  @Matches(/^smtps?:\/\/.+/, { message: 'SMTP_URL must be an smtp:// or smtps:// URL' })
  SMTP_URL?: string;

  /** Sender of those mails, e.g. `Stadtlabor <labor@example.org>`. Needed with SMTP_URL. */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  SMTP_FROM?: string;

  /** Who on staff is told of a new request or a requester's step (comma-separated addresses). */
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  LAB_REQUESTS_NOTIFY?: string;

  /** The server's public address (https://werkbank.example.org) for links in mails; default: the request's host. */
  @IsOptional()
  @Matches(/^https?:\/\/[^/]+$/, { message: 'PUBLIC_URL must be scheme://host[:port] without a path' })
  PUBLIC_URL?: string;

  /** Public mobile-lab requests one client address may send an hour (429 beyond). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1000)
  LAB_REQUESTS_PER_HOUR = 5;

  /** A form sent sooner than this after it was loaded is refused (bots fill forms in milliseconds). */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(600)
  LAB_REQUEST_MIN_FILL_SECONDS = 5;

  get labRequestNotify(): string[] {
    return splitList(this.LAB_REQUESTS_NOTIFY);
  }

  get mqttClientId(): string {
    return (
      this.MQTT_CLIENT_ID ??
      `werkbank-server-${hostname()
        .replace(/[^A-Za-z0-9._-]/g, '_')
        .slice(0, 40)}`
    );
  }

  get allowedOrigins(): string[] {
    return splitList(this.ALLOWED_ORIGINS).map((o) => o.replace(/\/$/, ''));
  }

  get trustProxy(): boolean | string {
    const v = this.TRUST_PROXY.trim();
    return v === 'true' ? true : v === 'false' ? false : v;
  }

  /** The certificate and key of HTTPS, or null for plain HTTP. */
  get httpsFiles(): TlsFiles | null {
    return this.TLS_CERT_FILE && this.TLS_KEY_FILE
      ? { cert: this.TLS_CERT_FILE, key: this.TLS_KEY_FILE }
      : null;
  }

  /** The certificate and key of the embedded broker's TLS listener (its own, or the HTTPS pair), or null. */
  get mqttTlsFiles(): TlsFiles | null {
    if (this.MQTT_TLS_CERT_FILE || this.MQTT_TLS_KEY_FILE)
      return this.MQTT_TLS_CERT_FILE && this.MQTT_TLS_KEY_FILE
        ? { cert: this.MQTT_TLS_CERT_FILE, key: this.MQTT_TLS_KEY_FILE }
        : null;
    return this.httpsFiles;
  }

  /** The embedded broker's TLS port, or null when it has no TLS listener. */
  get mqttTlsPort(): number | null {
    if (this.MQTT_MODE !== 'embedded' || this.MQTT_TLS_PORT === 'off' || !this.mqttTlsFiles) return null;
    return this.MQTT_TLS_PORT === undefined ? 8883 : Number(this.MQTT_TLS_PORT);
  }

  get logFormat(): 'pretty' | 'json' {
    return this.LOG_FORMAT ?? (this.NODE_ENV === 'production' ? 'json' : 'pretty');
  }

  get demoMode(): boolean {
    return this.DEMO_MODE ?? this.NODE_ENV !== 'production';
  }
}
