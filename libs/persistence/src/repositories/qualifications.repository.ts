import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, In } from 'typeorm';
import { QualificationEntity } from '../entities';

@Injectable()
export class QualificationsRepository {
  constructor(private readonly dataSource: DataSource) {}

  private repo(em?: EntityManager) {
    return (em ?? this.dataSource.manager).getRepository(QualificationEntity);
  }

  /** Every qualification with its prerequisites, by name. */
  findAllWithPrerequisites(em?: EntityManager): Promise<QualificationEntity[]> {
    return this.repo(em).find({ relations: { prerequisites: true }, order: { name: 'ASC' } });
  }

  findByIdWithPrerequisites(id: string, em?: EntityManager): Promise<QualificationEntity | null> {
    return this.repo(em).findOne({ where: { id }, relations: { prerequisites: true } });
  }

  findById(id: string, em?: EntityManager): Promise<QualificationEntity | null> {
    return this.repo(em).findOneBy({ id });
  }

  findByIds(ids: string[], em?: EntityManager): Promise<QualificationEntity[]> {
    return this.repo(em).findBy({ id: In(ids) });
  }

  findByName(name: string, em?: EntityManager): Promise<QualificationEntity | null> {
    return this.repo(em).findOneBy({ name });
  }

  countByMachineType(machineTypeId: string, em?: EntityManager): Promise<number> {
    return this.repo(em).countBy({ machineTypeId });
  }

  create(fields: Partial<QualificationEntity>, em?: EntityManager): QualificationEntity {
    return this.repo(em).create(fields);
  }

  save(qualification: QualificationEntity, em?: EntityManager): Promise<QualificationEntity> {
    return this.repo(em).save(qualification);
  }
}
