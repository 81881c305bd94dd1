import { IsIn, IsOptional } from 'class-validator';

export const EXPORT_FORMATS = ['json', 'pdf'] as const;
export const EXPORT_LANGS = ['de', 'en'] as const;

/** `format` json (default) or pdf; `lang` of the PDF, de (default) or en. */
export class ExportQueryDto {
  @IsOptional()
  @IsIn(EXPORT_FORMATS)
  format?: (typeof EXPORT_FORMATS)[number];

  @IsOptional()
  @IsIn(EXPORT_LANGS)
  lang?: (typeof EXPORT_LANGS)[number];
}
