import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig, redactUrl } from './app-config';

function problemsOf(env: NodeJS.ProcessEnv): string {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('gives the embedded defaults for an empty environment', () => {
    const config = loadConfig({});
    expect(config.PORT).toBe(3000);
    expect(config.DATABASE_URL).toBe('sqlite:data/werkbank.sqlite');
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

  it('an operator who moves DATA_DIR gets a fresh database there, not the old one', () => {
    expect(loadConfig({ DATA_DIR: '/srv/werkbank-2' }).DATABASE_URL).toBe(
      'sqlite:/srv/werkbank-2/werkbank.sqlite',
    );
    // An explicit DATABASE_URL still wins.
    expect(loadConfig({ DATA_DIR: '/srv/x', DATABASE_URL: 'sqlite:/var/db.sqlite' }).DATABASE_URL).toBe(
      'sqlite:/var/db.sqlite',
    );
  });

  it('someone reading the service log learns no secret from a rejected value', () => {
    const text = problemsOf({
      CARD_HASH_SECRET: 'too-short-but-secret-Kx9',
      ADMIN_PASSWORD: 'pw-Qz7',
      DATABASE_URL: 'mysql://werkbank:db-pass-Vb3@db/werkbank',
      MQTT_URL: 'ws://server:mqtt-pass-Lm5@broker',
    });
    expect(text).toMatch(/CARD_HASH_SECRET/);
    expect(text).toMatch(/ADMIN_PASSWORD/);
    expect(text).toMatch(/DATABASE_URL/);
    expect(text).toMatch(/MQTT_URL/);
    for (const secret of ['too-short-but-secret-Kx9', 'pw-Qz7', 'db-pass-Vb3', 'mqtt-pass-Lm5'])
      expect(text).not.toContain(secret);
    // Other values are still quoted, so the operator sees the typo.
    expect(problemsOf({ LOG_LEVEL: 'loud' })).toContain('"loud"');
  });

  it('redacts the password of a URL for logs', () => {
    expect(redactUrl('mqtts://server:s3cret@broker:8883')).toBe('mqtts://server:***@broker:8883');
    expect(redactUrl('postgres://w:p%40ss@db:5432/werkbank')).toBe('postgres://w:***@db:5432/werkbank');
    expect(redactUrl('mqtt://broker:1883')).toBe('mqtt://broker:1883');
    expect(redactUrl('sqlite:./data/werkbank.sqlite')).toBe('sqlite:./data/werkbank.sqlite');
  });

  it('someone with a copy of DATA_DIR must not find the card key beside the database in production', () => {
    const dir = mkdtempSync(join(tmpdir(), 'werkbank-config-'));
    try {
      const inside = join(dir, 'data', 'card.key');
      const outside = join(dir, 'secrets-card.key');
      writeFileSync(outside, 'k'.repeat(40));
      const production = { NODE_ENV: 'production', DATA_DIR: join(dir, 'data') };
      expect(problemsOf({ ...production, CARD_HASH_SECRET_FILE: inside })).toMatch(
        /CARD_HASH_SECRET_FILE: must lie outside DATA_DIR/,
      );
      expect(loadConfig({ ...production, CARD_HASH_SECRET_FILE: outside }).CARD_HASH_SECRET_FILE).toBe(
        outside,
      );
      expect(problemsOf({ ...production, CARD_HASH_SECRET_FILE: join(dir, 'missing.key') })).toMatch(
        /CARD_HASH_SECRET_FILE: no such file/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
