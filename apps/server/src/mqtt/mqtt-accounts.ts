import { Injectable } from '@nestjs/common';
import { mayPublish, maySubscribe, type TopicRights } from '@werkbank/device-protocol';
import { verifyMqttPassword } from './mqtt-credentials';

export interface MqttAccount {
  username: string;
  /** `$7$` hash; null = this account cannot log in (no password set yet). */
  passwordHash: string | null;
  /** Where the account may publish and subscribe; `null` = everything (the server itself). */
  rights: TopicRights | null;
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
      (previous.passwordHash !== account.passwordHash || !sameRights(previous.rights, account.rights))
    ) {
      this.revoke(account.username);
    }
  }

  setPrivileged(username: string, password: string, rights: TopicRights | null): void {
    const previous = this.accounts.get(username);
    const previousPassword = this.plain.get(username);
    this.accounts.set(username, { username, passwordHash: null, rights });
    this.plain.set(username, password);
    if (previous && (previousPassword !== password || !sameRights(previous.rights, rights)))
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

  mayPublish(username: string | undefined, topic: string): boolean {
    const account = username === undefined ? undefined : this.accounts.get(username);
    if (!account) return false;
    return account.rights === null || mayPublish(account.rights, topic);
  }

  maySubscribe(username: string | undefined, filter: string): boolean {
    const account = username === undefined ? undefined : this.accounts.get(username);
    if (!account) return false;
    return account.rights === null || maySubscribe(account.rights, filter);
  }
}

function sameRights(a: TopicRights | null, b: TopicRights | null): boolean {
  if (a === null || b === null) return a === b;
  const same = (x: readonly string[], y: readonly string[]) =>
    x.length === y.length && x.every((filter, i) => filter === y[i]);
  return same(a.publish, b.publish) && same(a.subscribe, b.subscribe);
}
