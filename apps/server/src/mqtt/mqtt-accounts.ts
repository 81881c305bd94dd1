import { Injectable } from '@nestjs/common';
import { topicAllowed } from './device-acl';
import { verifyMqttPassword } from './mqtt-credentials';

export interface MqttAccount {
  username: string;
  /** `$7$` hash; null = this account cannot log in (no password set yet). */
  passwordHash: string | null;
  /** Topic roots the account may use; `null` = everything (the server itself). */
  roots: string[] | null;
}

/** Who may connect to the embedded broker and where they may publish and subscribe. Kept in memory. */
@Injectable()
export class MqttAccounts {
  private readonly accounts = new Map<string, MqttAccount>();
  /** In-process secrets of privileged accounts (the server's own client, the demo simulator's control). */
  private readonly plain = new Map<string, string>();

  set(account: MqttAccount): void {
    this.accounts.set(account.username, account);
  }

  setPrivileged(username: string, password: string, roots: string[] | null): void {
    this.accounts.set(username, { username, passwordHash: null, roots });
    this.plain.set(username, password);
  }

  remove(username: string): void {
    this.accounts.delete(username);
    this.plain.delete(username);
  }

  get(username: string): MqttAccount | undefined {
    return this.accounts.get(username);
  }

  all(): MqttAccount[] {
    return [...this.accounts.values()];
  }

  async verify(username: string, password: string): Promise<MqttAccount | null> {
    const account = this.accounts.get(username);
    if (!account) return null;
    const plain = this.plain.get(username);
    if (plain !== undefined) return plain === password ? account : null;
    if (!account.passwordHash) return null;
    return (await verifyMqttPassword(account.passwordHash, password)) ? account : null;
  }

  mayUse(username: string | undefined, topic: string): boolean {
    if (username === undefined) return false;
    const account = this.accounts.get(username);
    if (!account) return false;
    return account.roots === null || topicAllowed(account.roots, topic);
  }
}
