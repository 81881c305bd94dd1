import { randomUUID } from 'node:crypto';
import { BeforeInsert, CreateDateColumn, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/**
 * Ids are UUIDs made by the application (varchar(36)), so the same migrations run on SQLite and PostgreSQL
 * and ids are known before the row is written (the access runtime needs that for durable session starts).
 */
export abstract class UuidEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @BeforeInsert()
  protected assignId(): void {
    this.id ??= randomUUID();
  }
}

export abstract class TimestampedEntity extends UuidEntity {
  @CreateDateColumn()
  createdAt!: Date;

  @UpdateDateColumn()
  updatedAt!: Date;
}
