import { parseCliArgs } from './cli-args';

describe('parseCliArgs', () => {
  it.each([
    [[], { ok: true, args: { configFile: 'bridge.yml', checkOnly: false } }],
    [['--config', '/etc/b.yml'], { ok: true, args: { configFile: '/etc/b.yml', checkOnly: false } }],
    [['--config=/etc/b.yml', '--check'], { ok: true, args: { configFile: '/etc/b.yml', checkOnly: true } }],
    [['-c', 'b.yml'], { ok: true, args: { configFile: 'b.yml', checkOnly: false } }],
    [['--help'], { ok: 'help' }],
    [['--version'], { ok: 'version' }],
    [['--config'], { ok: false, error: '--config needs a file name' }],
    [['--config', '--check'], { ok: false, error: '--config needs a file name' }],
    [['--config='], { ok: false, error: '--config needs a file name' }],
    [['--verbose'], { ok: false, error: 'unknown argument "--verbose"' }],
  ])('%j', (argv, expected) => {
    expect(parseCliArgs(argv)).toEqual(expected);
  });
});
