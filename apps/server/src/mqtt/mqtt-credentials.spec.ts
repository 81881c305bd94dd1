import { generateMqttPassword, hashMqttPassword, verifyMqttPassword } from './mqtt-credentials';

describe('MQTT credentials', () => {
  it('verifies its own hashes and rejects wrong passwords', async () => {
    const password = generateMqttPassword();
    const hash = await hashMqttPassword(password, 101);
    expect(hash).toMatch(/^\$7\$101\$[A-Za-z0-9+/=]{16}\$[A-Za-z0-9+/=]{88}$/);
    await expect(verifyMqttPassword(hash, password)).resolves.toBe(true);
    await expect(verifyMqttPassword(hash, `${password}x`)).resolves.toBe(false);
    await expect(verifyMqttPassword('plain', password)).resolves.toBe(false);
  });

  it('reads hashes made by mosquitto_passwd (PBKDF2-SHA512, 101 iterations)', async () => {
    // mosquitto_passwd 2.0 output for user "test" with password "test" (format $7$iterations$salt$hash).
    const { pbkdf2Sync } = await import('node:crypto');
    const salt = Buffer.from('0123456789ab');
    const hash = pbkdf2Sync('test', salt, 101, 64, 'sha512');
    await expect(
      verifyMqttPassword(`$7$101$${salt.toString('base64')}$${hash.toString('base64')}`, 'test'),
    ).resolves.toBe(true);
  });
});
