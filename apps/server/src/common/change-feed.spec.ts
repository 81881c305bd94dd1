import {
  ChangeFeed,
  type ChangeMessage,
  type ChangeTransport,
  InProcessChangeTransport,
} from './change-feed';

describe('ChangeFeed', () => {
  it('emit resolves after every listener of the process has applied the change, in order', async () => {
    const feed = new ChangeFeed(new InProcessChangeTransport());
    const applied: string[] = [];
    feed.on('card', async ({ id }) => {
      await new Promise((r) => setTimeout(r, 5));
      applied.push(`first:${id}`);
    });
    feed.on('card', ({ id }) => void applied.push(`second:${id}`));
    feed.on('member', () => void applied.push('member'));
    await feed.emit('card', { id: 'c1' });
    expect(applied).toEqual(['first:c1', 'second:c1']);
  });

  it('a failing listener is logged and does not stop the others or the caller', async () => {
    const feed = new ChangeFeed(new InProcessChangeTransport());
    const applied: string[] = [];
    feed.on('site', () => {
      throw new Error('listener broke');
    });
    feed.on('site', ({ id }) => void applied.push(id));
    await expect(feed.emit('site', { id: 's1' })).resolves.toBeUndefined();
    expect(applied).toEqual(['s1']);
  });

  it('messages go through the transport (ids only), so another transport can carry them to other instances', async () => {
    const sent: ChangeMessage[] = [];
    let deliver: (m: ChangeMessage) => Promise<void> = async () => undefined;
    const transport: ChangeTransport = {
      subscribe: (d) => void (deliver = d),
      publish: async (m) => {
        sent.push(JSON.parse(JSON.stringify(m)) as ChangeMessage);
        await deliver(m);
      },
    };
    const feed = new ChangeFeed(transport);
    const heard: string[] = [];
    feed.on('device', ({ id }) => void heard.push(id));
    await feed.emit('device', { id: 'd1' });
    await deliver({ kind: 'device', event: { id: 'd2' } }); // from another instance
    expect(sent).toEqual([{ kind: 'device', event: { id: 'd1' } }]);
    expect(heard).toEqual(['d1', 'd2']);
  });
});
