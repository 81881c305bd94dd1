import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { DEFAULT_SUPPRESSION_THRESHOLD, MIN_SUPPRESSION_THRESHOLD } from '@werkbank/contracts';
import { BridgeConfig } from './bridge-config';
import { COORDINATES_PATTERN, parseCoordinates } from './config-lists';

const toInt = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value;

/** The settings of the lab's reports and public presence (part of `AppConfig`, kept apart for size). */
export abstract class LabFeatureConfig extends BridgeConfig {
  /** Funder reports: counts of persons below this are shown as "<k" (GDPR; never below 3). */
  @Transform(toInt)
  @IsInt()
  @Min(MIN_SUPPRESSION_THRESHOLD)
  @Max(100)
  REPORT_SUPPRESSION_THRESHOLD = DEFAULT_SUPPRESSION_THRESHOLD;

  /**
   * Raw machine sessions, check-ins and access events older than this many days are deleted once their days
   * are rolled into the report cells and visitor days (docs/reports.md, "Retention"); 0 keeps them forever.
   */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(3650)
  REPORT_RETENTION_DAYS = 90;

  /** SpaceAPI (GET /api/public/sites/{id}/spaceapi.json): the lab's name; each site's name follows it. */
  @IsOptional()
  @IsString()
  @MaxLength(120)
  SPACEAPI_NAME?: string;

  /** The lab's website (required by the SpaceAPI schema; default PUBLIC_URL, else the request's host). */
  @IsOptional()
  @Matches(/^https?:\/\/.+/, { message: 'SPACEAPI_URL must be an http(s) URL' })
  SPACEAPI_URL?: string;

  /** URL of the lab's logo (required by the SpaceAPI schema; default: the admin UI's icon). */
  @IsOptional()
  @Matches(/^https?:\/\/.+/, { message: 'SPACEAPI_LOGO must be an http(s) URL' })
  SPACEAPI_LOGO?: string;

  @IsOptional()
  @IsString()
  @MaxLength(254)
  SPACEAPI_EMAIL?: string;

  @IsOptional()
  @IsString()
  @MaxLength(40)
  SPACEAPI_PHONE?: string;

  /**
   * Coordinates per site, `<site id or name>=<lat>,<lon>` separated by `;`. A site with coordinates is
   * announced as SpaceAPI 14 and 15 (14 requires lat/lon), one without as 15 only.
   */
  @IsOptional()
  @Matches(COORDINATES_PATTERN, { message: 'SPACEAPI_COORDINATES must be <site id or name>=<lat>,<lon>[;…]' })
  SPACEAPI_COORDINATES?: string;

  /** The controller named in the record of processing activities (GDPR Art. 30); default SPACEAPI_NAME. */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  PRIVACY_CONTROLLER?: string;

  /** The controller's (or data protection officer's) contact for the record; default SPACEAPI_EMAIL. */
  @IsOptional()
  @IsString()
  @MaxLength(254)
  PRIVACY_CONTACT?: string;

  get spaceApiCoordinates(): Map<string, { lat: number; lon: number }> {
    return parseCoordinates(this.SPACEAPI_COORDINATES);
  }
}
