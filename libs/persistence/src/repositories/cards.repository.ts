import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { CardEntity } from '../entities';

@Injectable()
export class CardsRepository {
  constructor(private readonly dataSource: DataSource) {}

  private repo(em?: EntityManager) {
    return (em ?? this.dataSource.manager).getRepository(CardEntity);
  }

  findById(id: string, em?: EntityManager): Promise<CardEntity | null> {
    return this.repo(em).findOneBy({ id });
  }

  findByUidHash(uidHash: string, em?: EntityManager): Promise<CardEntity | null> {
    return this.repo(em).findOneBy({ uidHash });
  }

  findByMember(memberId: string): Promise<CardEntity[]> {
    return this.repo().find({ where: { memberId }, order: { createdAt: 'ASC' } });
  }

  findAll(): Promise<CardEntity[]> {
    return this.repo().find();
  }

  create(fields: Partial<CardEntity>, em?: EntityManager): CardEntity {
    return this.repo(em).create(fields);
  }

  save(card: CardEntity, em?: EntityManager): Promise<CardEntity> {
    return this.repo(em).save(card);
  }

  async remove(card: CardEntity, em?: EntityManager): Promise<void> {
    await this.repo(em).remove(card);
  }
}
