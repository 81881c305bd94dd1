import { framed, readyLines } from './ready-banner';

describe('the ready banner', () => {
  const facts = {
    url: 'http://localhost:3000',
    brokerListeners: ['mqtt://0.0.0.0:1883'],
    firstLogin: 'log in as "admin" with password s3cret  (shown once; change it after login)',
    adminPasswordIgnored: null,
  };

  it('ends with the first-start login, after the URL and the broker', () => {
    const lines = readyLines(facts);
    expect(lines[0]).toBe('Werkbank is running: http://localhost:3000');
    expect(lines).toContain('Devices connect to the MQTT broker on mqtt://0.0.0.0:1883');
    expect(lines[lines.length - 1]).toBe(`First start: ${facts.firstLogin}`);
  });

  it('leaves out what does not apply: no broker line with an external broker, no login on a restart', () => {
    const lines = readyLines({ ...facts, brokerListeners: [], firstLogin: null });
    expect(lines).toEqual([
      'Werkbank is running: http://localhost:3000',
      expect.stringContaining('/api/docs'),
    ]);
  });

  it('frames every line at one width, the password unbroken', () => {
    const box = framed(['short', 'a longer line with password Xy7']).split('\n');
    expect(box).toEqual([
      `┌${'─'.repeat(33)}┐`,
      `│ short${' '.repeat(26)} │`,
      '│ a longer line with password Xy7 │',
      `└${'─'.repeat(33)}┘`,
    ]);
  });
});
