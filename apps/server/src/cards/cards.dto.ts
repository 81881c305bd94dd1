import { IsBoolean, IsEnum, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { CardTechnology } from '@werkbank/contracts';

export class CreateCardDto {
  @IsString()
  @MinLength(8)
  @MaxLength(40)
  uid!: string;

  @IsEnum(CardTechnology)
  technology!: CardTechnology;

  @IsOptional()
  @IsString()
  @MaxLength(100)
  label?: string | null;
}

export class UpdateCardDto {
  @IsOptional()
  @IsString()
  @MaxLength(100)
  label?: string | null;

  @IsOptional()
  @IsBoolean()
  blocked?: boolean;

  @IsOptional()
  @IsString()
  @MaxLength(200)
  blockedReason?: string | null;
}

export class BlockCardDto {
  @IsOptional()
  @IsString()
  @MaxLength(200)
  reason?: string;
}
