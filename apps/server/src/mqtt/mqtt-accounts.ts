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
  private readonly revokedListeners: ((username: string) => void)[] = [];

  /**
   * `listener` hears of every account whose live sessions must end: its password or its topics changed, or it
   * was removed. A broker checks credentials only at login and keeps a session's subscriptions, so a rotated
   * password or a moved device would otherwise stay connected with what it had.
   */
  onRevoked(listener: (username: string) => void): void {
    this.revokedListeners.push(listener);
  }

  set(account: MqttAccount): void {
    const previous = this.accounts.get(account.username);
    this.accounts.set(account.username, account);
    if (
      previous &&
      (previous.passwordHash !== account.passwordHash || !sameRoots(previous.roots, account.roots))
    ) {
      this.revoke(account.username);
    }
  }

  setPrivileged(username: string, password: string, roots: string[] | null): void {
    const previous = this.accounts.get(username);
    const previousPassword = this.plain.get(username);
    this.accounts.set(username, { username, passwordHash: null, roots });
    this.plain.set(username, password);
    if (previous && (previousPassword !== password || !sameRoots(previous.roots, roots)))
      this.revoke(username);
  }

  remove(username: string): void {
    const known = this.accounts.delete(username);
    this.plain.delete(username);
    if (known) this.revoke(username);
  }

  private revoke(username: string): void {
    for (const listener of this.revokedListeners) listener(username);
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

function sameRoots(a: string[] | null, b: string[] | null): boolean {
  if (a === null || b === null) return a === b;
  return a.length === b.length && a.every((root, i) => root === b[i]);
}
