import { IsDateString, IsISO8601, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';

export class CreateBookingDto {
  @IsUUID()
  machineId!: string;

  @IsUUID()
  memberId!: string;

  @IsISO8601({ strict: true }, { message: 'startsAt must be an ISO 8601 instant' })
  startsAt!: string;

  @IsISO8601({ strict: true }, { message: 'endsAt must be an ISO 8601 instant' })
  endsAt!: string;

  @IsOptional()
  @IsString()
  @MaxLength(500)
  note?: string | null;
}

export class BookingListQuery {
  @IsDateString({ strict: true }, { message: 'from must be an ISO 8601 date or instant' })
  from!: string;

  @IsDateString({ strict: true }, { message: 'to must be an ISO 8601 date or instant' })
  to!: string;

  @IsOptional()
  @IsUUID()
  siteId?: string;

  @IsOptional()
  @IsUUID()
  machineId?: string;
}
