import { IsOptional, IsString, IsUUID } from 'class-validator';
import { PageQueryDto } from '../common/pagination.dto';

export class AuditQueryDto extends PageQueryDto {
  @IsOptional()
  @IsString()
  entityType?: string;

  @IsOptional()
  @IsUUID()
  entityId?: string;

  @IsOptional()
  @IsUUID()
  actorId?: string;
}
