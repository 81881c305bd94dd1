import { ConfigError, loadConfig } from './app-config';

describe('loadConfig', () => {
  it('gives the embedded defaults for an empty environment', () => {
    const config = loadConfig({});
    expect(config.PORT).toBe(3000);
    expect(config.DATABASE_URL).toBe('sqlite:./data/werkbank.sqlite');
    expect(config.MQTT_MODE).toBe('embedded');
    expect(config.demoMode).toBe(true);
  });

  it('converts numbers and booleans from strings', () => {
    const config = loadConfig({ PORT: '8080', DEMO_MODE: 'false', LOG_HTTP: 'yes' });
    expect(config.PORT).toBe(8080);
    expect(config.demoMode).toBe(false);
    expect(config.LOG_HTTP).toBe(true);
  });

  it('lists every bad variable at once', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', MQTT_MODE: 'external', LOG_LEVEL: 'loud' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    expect(problems).toMatch(/PORT/);
    expect(problems).toMatch(/DATABASE_URL/);
    expect(problems).toMatch(/LOG_LEVEL/);
    expect(problems).toMatch(/MQTT_URL: required/);
  });

  it('requires a card hash secret in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/CARD_HASH_SECRET/);
    expect(loadConfig({ NODE_ENV: 'production', CARD_HASH_SECRET: 'x'.repeat(32) }).demoMode).toBe(false);
  });
});
