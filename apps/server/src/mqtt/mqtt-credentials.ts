import { pbkdf2, randomBytes, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';

const pbkdf2Async = promisify(pbkdf2);
const ITERATIONS = 10_000;

/**
 * Device passwords are stored in Mosquitto's own `$7$` format (PBKDF2-SHA512, `$7$<iterations>$<salt>$<hash>`,
 * base64), so the same hash serves the embedded broker and a generated Mosquitto password file.
 */
export async function hashMqttPassword(password: string, iterations = ITERATIONS): Promise<string> {
  const salt = randomBytes(12);
  const hash = await pbkdf2Async(password, salt, iterations, 64, 'sha512');
  return `$7$${iterations}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

export async function verifyMqttPassword(stored: string, password: string): Promise<boolean> {
  const match = /^\$7\$(\d+)\$([A-Za-z0-9+/=]+)\$([A-Za-z0-9+/=]+)$/.exec(stored);
  if (!match) return false;
  const expected = Buffer.from(match[3], 'base64');
  const actual = await pbkdf2Async(
    password,
    Buffer.from(match[2], 'base64'),
    Number(match[1]),
    expected.length,
    'sha512',
  );
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

export function generateMqttPassword(): string {
  return randomBytes(18).toString('base64url');
}
