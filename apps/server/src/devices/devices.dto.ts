import {
  IsEnum,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  MinLength,
} from 'class-validator';
import { DeviceProtocol, DeviceRole } from '@werkbank/contracts';

export class CreateDeviceDto {
  @IsString()
  @MinLength(1)
  @MaxLength(120)
  name!: string;

  @IsUUID()
  siteId!: string;

  @IsOptional()
  @IsUUID()
  machineId?: string | null;

  @IsEnum(DeviceRole)
  role!: DeviceRole;

  @IsEnum(DeviceProtocol)
  protocol!: DeviceProtocol;

  /** Tasmota topic, Shelly id / RPC prefix, own device id. */
  @IsString()
  @MinLength(1)
  @MaxLength(120)
  address!: string;

  @IsOptional()
  @IsObject()
  options?: Record<string, string> | null;

  /** MQTT username of the device; defaults to its address. */
  @IsOptional()
  @Matches(/^[A-Za-z0-9._-]{1,64}$/, { message: 'mqttUsername must be 1-64 of A-Z a-z 0-9 . _ -' })
  mqttUsername?: string;
}

export class UpdateDeviceDto {
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(120)
  name?: string;

  @IsOptional()
  @IsUUID()
  siteId?: string;

  @IsOptional()
  @IsUUID()
  machineId?: string | null;

  @IsOptional()
  @IsEnum(DeviceRole)
  role?: DeviceRole;

  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(120)
  address?: string;

  @IsOptional()
  @IsObject()
  options?: Record<string, string> | null;
}
