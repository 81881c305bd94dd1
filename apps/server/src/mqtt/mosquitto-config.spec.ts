import { mosquittoAclFile, mosquittoPasswordFile } from './mosquitto-config';
import { SessionTakeovers } from './session-takeovers';

describe('generated Mosquitto files', () => {
  const reader = {
    username: 'reader-1',
    passwordHash: '$7$101$abc$def',
    rights: { publish: ['tele/reader-1/#', 'stat/reader-1/#'], subscribe: ['cmnd/reader-1/#'] },
  };

  it('grants write for what a device publishes and read for what it subscribes, never readwrite', () => {
    const acl = mosquittoAclFile('werkbank-server', [reader]);
    expect(acl).toContain(
      'user reader-1\ntopic write tele/reader-1/#\ntopic write stat/reader-1/#\ntopic read cmnd/reader-1/#\n',
    );
    expect(acl.split('\n').filter((l) => l.startsWith('topic readwrite'))).toEqual(['topic readwrite #']);
  });

  it('refuses a row that would add lines of its own', () => {
    const hostile = [
      { ...reader, username: 'x\nuser werkbank-server' },
      { ...reader, rights: { publish: ['tele/x\ntopic readwrite #'], subscribe: [] } },
      { ...reader, rights: { publish: [], subscribe: ['a b'] } },
    ];
    for (const account of hostile) {
      expect(() => mosquittoAclFile('werkbank-server', [account])).toThrow(RangeError);
      expect(() => mosquittoPasswordFile([account])).toThrow(RangeError);
    }
  });
});

describe('SessionTakeovers', () => {
  it('raises one alarm per account and window once takeovers repeat', () => {
    const takeovers = new SessionTakeovers({ alarmAt: 3, windowMs: 1000, maxAccounts: 10 });
    expect(takeovers.record('a', 0)).toBeNull();
    expect(takeovers.record('a', 100)).toBeNull();
    expect(takeovers.record('a', 200)).toEqual({ username: 'a', recent: 3, windowMs: 1000 });
    expect(takeovers.record('a', 300)).toBeNull(); // already alarmed in this window
    expect(takeovers.record('b', 300)).toBeNull();
    // Spread out, takeovers are reconnects: no alarm.
    expect(takeovers.record('b', 2000)).toBeNull();
    expect(takeovers.record('b', 4000)).toBeNull();
    expect(takeovers.record('a', 5000)).toBeNull();
    expect(takeovers.of('a')).toBe(5);
    expect(takeovers.total).toBe(8);
    expect(takeovers.top()).toEqual([
      { username: 'a', takeovers: 5 },
      { username: 'b', takeovers: 3 },
    ]);
  });

  it('tracks a bounded number of accounts', () => {
    const takeovers = new SessionTakeovers({ alarmAt: 2, windowMs: 1000, maxAccounts: 2 });
    for (const name of ['a', 'b', 'c', 'd']) takeovers.record(name, 0);
    expect(takeovers.top().map((t) => t.username)).toEqual(['a', 'b']);
    expect(takeovers.total).toBe(4);
  });
});
