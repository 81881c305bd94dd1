import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsEnum,
  IsIn,
  IsInt,
  IsOptional,
  IsUUID,
  Matches,
  Max,
  Min,
} from 'class-validator';
import { MetricId, MIN_SUPPRESSION_THRESHOLD, PeriodKind } from '@werkbank/contracts';

const DAY = /^\d{4}-\d{2}-\d{2}$/;
/** `a,b` and `?x=a&x=b` both give a list. */
const toList = ({ value }: { value: unknown }) =>
  (Array.isArray(value) ? value : [value])
    .flatMap((v) => String(v).split(','))
    .map((v) => v.trim())
    .filter((v) => v !== '');

/**
 * A report: a calendar month, quarter or year (by number) or a custom range of local dates, for some sites
 * (default all) and metrics (default all). Which fields the period needs is checked by the service, which
 * names the field and the rule.
 */
export class ReportQueryDto {
  @ApiPropertyOptional({ enum: PeriodKind, default: PeriodKind.Quarter })
  @IsOptional()
  @IsEnum(PeriodKind)
  period: PeriodKind = PeriodKind.Quarter;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  year?: number;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  month?: number;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  quarter?: number;

  /** First local date of a custom range. */
  @IsOptional()
  @Matches(DAY, { message: 'from must be a date YYYY-MM-DD' })
  from?: string;

  /** Last local date of a custom range (inclusive). */
  @IsOptional()
  @Matches(DAY, { message: 'to must be a date YYYY-MM-DD' })
  to?: string;

  /** Site ids, comma-separated; default every site. */
  @ApiPropertyOptional({ type: String, description: 'Comma-separated site ids; default all.' })
  @IsOptional()
  @Transform(toList)
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  @IsUUID('all', { each: true })
  siteIds?: string[];

  /** Metric ids (M1…M18), comma-separated; default all. */
  @ApiPropertyOptional({ type: String, description: 'Comma-separated metric ids M1…M18; default all.' })
  @IsOptional()
  @Transform(toList)
  @ArrayMinSize(1)
  @IsIn(Object.values(MetricId), { each: true })
  metrics?: MetricId[];

  /** Small-cell threshold for this report; default the lab's (REPORT_SUPPRESSION_THRESHOLD), never below 3. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(MIN_SUPPRESSION_THRESHOLD)
  @Max(100)
  threshold?: number;
}

/** The same report as a file: `csv` (one tidy table), `xlsx` (a sheet per metric) or `pdf`; German by default. */
export class ReportExportQueryDto extends ReportQueryDto {
  @ApiPropertyOptional({ enum: ['csv', 'xlsx', 'pdf'], default: 'pdf' })
  @IsOptional()
  @IsIn(['csv', 'xlsx', 'pdf'])
  format: 'csv' | 'xlsx' | 'pdf' = 'pdf';

  @ApiPropertyOptional({ enum: ['de', 'en'], default: 'de' })
  @IsOptional()
  @IsIn(['de', 'en'])
  lang: 'de' | 'en' = 'de';
}
