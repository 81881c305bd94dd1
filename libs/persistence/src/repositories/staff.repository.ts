import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, In, LessThan, Not } from 'typeorm';
import { StaffAccountEntity, StaffSessionEntity } from '../entities';

@Injectable()
export class StaffRepository {
  constructor(private readonly dataSource: DataSource) {}

  private accounts(em?: EntityManager) {
    return (em ?? this.dataSource.manager).getRepository(StaffAccountEntity);
  }

  private sessions(em?: EntityManager) {
    return (em ?? this.dataSource.manager).getRepository(StaffSessionEntity);
  }

  count(): Promise<number> {
    return this.accounts().count();
  }

  findById(id: string, em?: EntityManager): Promise<StaffAccountEntity | null> {
    return this.accounts(em).findOneBy({ id });
  }

  findByUsername(username: string): Promise<StaffAccountEntity | null> {
    return this.accounts().findOneBy({ username });
  }

  findByIds(ids: string[]): Promise<StaffAccountEntity[]> {
    return this.accounts().findBy({ id: In(ids) });
  }

  findAll(): Promise<StaffAccountEntity[]> {
    return this.accounts().find({ order: { username: 'ASC' } });
  }

  findWithMember(): Promise<StaffAccountEntity[]> {
    return this.accounts()
      .createQueryBuilder('s')
      .where('s.memberId IS NOT NULL')
      .andWhere('s.active = :active', { active: true })
      .getMany();
  }

  create(fields: Partial<StaffAccountEntity>, em?: EntityManager): StaffAccountEntity {
    return this.accounts(em).create(fields);
  }

  save(account: StaffAccountEntity, em?: EntityManager): Promise<StaffAccountEntity> {
    return this.accounts(em).save(account);
  }

  async touchLogin(id: string, at: Date): Promise<void> {
    await this.accounts().update({ id }, { lastLoginAt: at });
  }

  async createSession(session: StaffSessionEntity): Promise<void> {
    await this.sessions().insert(session);
  }

  findSession(tokenHash: string): Promise<StaffSessionEntity | null> {
    return this.sessions().findOneBy({ tokenHash });
  }

  async deleteSession(tokenHash: string): Promise<void> {
    await this.sessions().delete({ tokenHash });
  }

  /** Ends the account's sessions, except the one with `keepTokenHash` (the caller's own). */
  async deleteSessionsOf(staffId: string, em?: EntityManager, keepTokenHash?: string): Promise<void> {
    await this.sessions(em).delete(
      keepTokenHash === undefined ? { staffId } : { staffId, tokenHash: Not(keepTokenHash) },
    );
  }

  async deleteExpiredSessions(now: Date): Promise<void> {
    await this.sessions().delete({ expiresAt: LessThan(now) });
  }
}
