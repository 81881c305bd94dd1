import { IsString, IsUUID, Matches } from 'class-validator';

/** A simulated tap: which registered reader, which card. */
export class DemoTapDto {
  @IsUUID()
  deviceId!: string;

  @IsString()
  @Matches(/^[0-9A-Fa-f:\- ]{8,40}$/, { message: 'uid must be hexadecimal, e.g. 008EC793' })
  uid!: string;
}
