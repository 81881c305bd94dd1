import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';

const toInt = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value;

/** The settings of the firmware bridges' offline mode (part of `AppConfig`, kept apart for size). */
export abstract class BridgeConfig {
  /**
   * Key of the cards' offline hash (HMAC-SHA256 over 32 key bytes, written as 64 hex digits, as the bridges read
   * it), handed to every bridge in its provisioning file. Generated into DATA_DIR/bridge-card.key on first start
   * when neither this nor BRIDGE_CARD_KEY_FILE is set.
   */
  @IsOptional()
  @Matches(/^[0-9a-fA-F]{64}$/, { message: 'BRIDGE_CARD_KEY must be 64 hex digits (32 bytes)' })
  BRIDGE_CARD_KEY?: string;

  @IsOptional()
  @IsString()
  BRIDGE_CARD_KEY_FILE?: string;

  /**
   * The Ed25519 private key (PKCS8 PEM) that signs the bridges' allowlists. Generated into
   * DATA_DIR/allowlist-signing.key on first start when unset.
   */
  @IsOptional()
  @IsString()
  ALLOWLIST_SIGNING_KEY_FILE?: string;

  /** How long a full allowlist stays valid at a bridge that hears nothing newer. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(24 * 90)
  ALLOWLIST_VALIDITY_HOURS = 24 * 7;

  /** A new full list is issued at least this often (well before the validity ends). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(24 * 30)
  ALLOWLIST_REISSUE_HOURS = 24;

  /** Changes that grant rights are gathered this long into one full list; revocations go out at once. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(60_000)
  ALLOWLIST_DEBOUNCE_MS = 2000;

  /** The interval bridges send their health heartbeat at; three missed ones show the bridge offline. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(3600)
  BRIDGE_HEARTBEAT_S = 20;
}
