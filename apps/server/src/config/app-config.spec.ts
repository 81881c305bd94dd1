import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CertificateAuthority,
  hasOpenssl,
  IssuedCertificate,
  issue,
  makeCa,
} from '../../../../test/support/certificates';
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

  it('logs for a person outside production and JSON in production, unless LOG_FORMAT says otherwise', () => {
    const secret = { CARD_HASH_SECRET: 'a'.repeat(32) };
    expect(loadConfig({}).logFormat).toBe('pretty');
    expect(loadConfig({ NODE_ENV: 'production', ...secret }).logFormat).toBe('json');
    expect(loadConfig({ LOG_FORMAT: 'json' }).logFormat).toBe('json');
    expect(loadConfig({ NODE_ENV: 'production', LOG_FORMAT: 'pretty', ...secret }).logFormat).toBe('pretty');
    expect(() => loadConfig({ LOG_FORMAT: 'xml' })).toThrow(/LOG_FORMAT: LOG_FORMAT must be one of/);
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

  describe('TLS certificates (TLS_CERT_FILE, TLS_KEY_FILE, MQTT_TLS_*)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'werkbank-config-tls-'));
    let ca: CertificateAuthority;
    let server: IssuedCertificate;
    let other: IssuedCertificate;
    const production = { NODE_ENV: 'production', CARD_HASH_SECRET: 'x'.repeat(32) };

    beforeAll(() => {
      if (!hasOpenssl()) throw new Error('these tests need the openssl command line tool');
      ca = makeCa(dir, 'ca');
      server = issue(dir, 'server', ca);
      other = issue(dir, 'other', ca);
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('an operator who sets only the certificate is told to set the key too, and how', () => {
      const text = problemsOf({ TLS_CERT_FILE: server.certFile });
      expect(text).toMatch(/TLS_KEY_FILE: required with TLS_CERT_FILE/);
      expect(text).toMatch(/reverse proxy/);
      expect(problemsOf({ TLS_KEY_FILE: server.keyFile })).toMatch(
        /TLS_CERT_FILE: required with TLS_KEY_FILE/,
      );
      expect(problemsOf({ MQTT_TLS_KEY_FILE: server.keyFile })).toMatch(
        /MQTT_TLS_CERT_FILE: required with MQTT_TLS_KEY_FILE/,
      );
    });

    it('names the file that is missing, not PEM, or does not belong to the certificate', () => {
      expect(problemsOf({ TLS_CERT_FILE: join(dir, 'nope.crt'), TLS_KEY_FILE: server.keyFile })).toMatch(
        /TLS_CERT_FILE: cannot read .*nope\.crt \(no such file\)/,
      );
      const der = join(dir, 'cert.der');
      writeFileSync(der, Buffer.from([0x30, 0x82, 0x01, 0x0a]));
      expect(problemsOf({ TLS_CERT_FILE: der, TLS_KEY_FILE: server.keyFile })).toMatch(
        /TLS_CERT_FILE: .* is not a PEM certificate/,
      );
      expect(problemsOf({ TLS_CERT_FILE: server.certFile, TLS_KEY_FILE: server.certFile })).toMatch(
        /TLS_KEY_FILE: .* is not a PEM private key/,
      );
      const mismatch = problemsOf({ TLS_CERT_FILE: server.certFile, TLS_KEY_FILE: other.keyFile });
      expect(mismatch).toMatch(/TLS_KEY_FILE: the key does not fit the certificate in TLS_CERT_FILE/);
      // The key's content never reaches the message.
      expect(mismatch).not.toContain(readFileSync(other.keyFile, 'utf8').split('\n')[1]);
    });

    it('in production, refuses a private key every user of the machine can read', () => {
      const files = { TLS_CERT_FILE: server.certFile, TLS_KEY_FILE: server.keyFile };
      chmodSync(server.keyFile, 0o644);
      try {
        expect(problemsOf({ ...production, ...files })).toMatch(
          /TLS_KEY_FILE: .* can be read by every user of this machine.*chmod 600/,
        );
        expect(loadConfig(files).httpsFiles).toEqual({ cert: server.certFile, key: server.keyFile });
      } finally {
        chmodSync(server.keyFile, 0o600);
      }
      expect(loadConfig({ ...production, ...files }).httpsFiles).toEqual({
        cert: server.certFile,
        key: server.keyFile,
      });
    });

    it('opens MQTT over TLS on 8883 when a certificate is set, and only then', () => {
      const files = { TLS_CERT_FILE: server.certFile, TLS_KEY_FILE: server.keyFile };
      expect(loadConfig({}).mqttTlsPort).toBeNull();
      expect(loadConfig(files).mqttTlsPort).toBe(8883);
      expect(loadConfig({ ...files, MQTT_TLS_PORT: '8884' }).mqttTlsPort).toBe(8884);
      expect(loadConfig({ ...files, MQTT_TLS_PORT: 'off' }).mqttTlsPort).toBeNull();
      // The broker's own pair wins over the HTTPS one.
      const own = loadConfig({
        ...files,
        MQTT_TLS_CERT_FILE: other.certFile,
        MQTT_TLS_KEY_FILE: other.keyFile,
      });
      expect(own.mqttTlsFiles).toEqual({ cert: other.certFile, key: other.keyFile });
      expect(
        loadConfig({ MQTT_TLS_CERT_FILE: other.certFile, MQTT_TLS_KEY_FILE: other.keyFile }).httpsFiles,
      ).toBeNull();
      expect(problemsOf({ MQTT_TLS_PORT: '8883' })).toMatch(/MQTT_TLS_PORT: needs a certificate/);
      expect(problemsOf({ ...files, MQTT_TLS_PORT: '70000' })).toMatch(/MQTT_TLS_PORT: must be a port/);
      expect(problemsOf({ MQTT_PLAIN: 'false' })).toMatch(/MQTT_PLAIN: false leaves devices no way in/);
      expect(loadConfig({ ...files, MQTT_PLAIN: 'false' }).MQTT_PLAIN).toBe(false);
      // An external broker does its own TLS; HTTPS stays possible.
      const external = { MQTT_MODE: 'external', MQTT_URL: 'mqtts://broker:8883' };
      expect(loadConfig({ ...external, ...files }).mqttTlsPort).toBeNull();
      expect(problemsOf({ ...external, ...files, MQTT_TLS_PORT: '8883' })).toMatch(
        /only for the embedded broker/,
      );
    });
  });
});
