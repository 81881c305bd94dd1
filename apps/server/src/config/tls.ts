import { readFileSync, statSync } from 'node:fs';
import { createSecureContext, type SecureContextOptions } from 'node:tls';

/** A certificate and its private key, as files (PEM). */
export interface TlsFiles {
  cert: string;
  key: string;
}

/** The variables a pair of files came from, so an error names the one to fix. */
export interface TlsVariables {
  cert: string;
  key: string;
}

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----/;
const PEM_PRIVATE_KEY = /-----BEGIN (?:RSA |EC )?PRIVATE KEY-----/;
const PEM_ENCRYPTED_KEY = /-----BEGIN ENCRYPTED PRIVATE KEY-----|Proc-Type: 4,ENCRYPTED/;

/** Both TLS versions below 1.2 are broken; every device that speaks TLS at all speaks 1.2. */
export const TLS_MIN_VERSION = 'TLSv1.2';

function readable(variable: string, file: string, what: string): { text?: string; problem?: string } {
  try {
    return { text: readFileSync(file, 'utf8') };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    const reason =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EACCES'
          ? 'permission denied for the user running Werkbank'
          : code === 'EISDIR'
            ? 'a folder, not a file'
            : code;
    return { problem: `${variable}: cannot read ${file} (${reason}); give the path of ${what}` };
  }
}

/**
 * Everything wrong with a certificate/key pair, each naming its variable and what to do: one set without the
 * other, a file that cannot be read or is not PEM, a key that does not belong to the certificate, and in
 * production a key every user of the machine can read (like CARD_HASH_SECRET_FILE, a key where others can read
 * it is refused rather than used). Never echoes file contents.
 */
export function tlsFileProblems(
  names: TlsVariables,
  files: Partial<TlsFiles>,
  production: boolean,
): string[] {
  const { cert, key } = files;
  if (!cert && !key) return [];
  if (!cert || !key) {
    const [missing, present] = cert ? [names.key, names.cert] : [names.cert, names.key];
    return [
      `${missing}: required with ${present}: set both (the certificate chain and its private key, PEM files), ` +
        `or neither (then serve plain and terminate TLS in a reverse proxy, see docs/deployment.md)`,
    ];
  }
  const problems: string[] = [];
  const certFile = readable(names.cert, cert, 'the certificate (chain) in PEM format');
  const keyFile = readable(names.key, key, 'the private key in PEM format');
  if (certFile.problem) problems.push(certFile.problem);
  if (keyFile.problem) problems.push(keyFile.problem);
  if (certFile.text !== undefined && !PEM_CERTIFICATE.test(certFile.text))
    problems.push(
      `${names.cert}: ${cert} is not a PEM certificate (no "-----BEGIN CERTIFICATE-----"); for a DER file: ` +
        `openssl x509 -inform der -in <file> -out cert.pem`,
    );
  if (keyFile.text !== undefined) {
    if (PEM_ENCRYPTED_KEY.test(keyFile.text))
      problems.push(
        `${names.key}: ${key} is encrypted with a passphrase, which Werkbank cannot ask for at start; ` +
          `store it decrypted with owner-only rights: openssl pkey -in <file> -out key.pem && chmod 600 key.pem`,
      );
    else if (!PEM_PRIVATE_KEY.test(keyFile.text))
      problems.push(`${names.key}: ${key} is not a PEM private key (no "-----BEGIN … PRIVATE KEY-----")`);
    else if (production && worldReadable(key))
      problems.push(
        `${names.key}: ${key} can be read by every user of this machine; in production the private key must ` +
          `not be: chmod 600 ${key} (or 640 with a group the server's user is in)`,
      );
  }
  if (problems.length === 0) {
    try {
      createSecureContext({ cert: certFile.text, key: keyFile.text });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      problems.push(
        `${names.key}: the key does not fit the certificate in ${names.cert} (${reason}); give the key the ` +
          `certificate was issued for (Let's Encrypt: privkey.pem with fullchain.pem)`,
      );
    }
  }
  return problems;
}

function worldReadable(file: string): boolean {
  try {
    return (statSync(file).mode & 0o004) !== 0;
  } catch {
    return false;
  }
}

/** The files' contents as the options of a TLS server (read again on every call: certificates get renewed). */
export function secureContextOptions(files: TlsFiles): SecureContextOptions {
  return { cert: readFileSync(files.cert), key: readFileSync(files.key), minVersion: TLS_MIN_VERSION };
}

/**
 * The options for a reload (SIGHUP): the files read and checked again, so that a renewal caught half-written
 * or a wrong file keeps the running certificate instead of ending the server. Throws with the problems.
 */
export function reloadedContextOptions(
  names: TlsVariables,
  files: TlsFiles,
  production: boolean,
): SecureContextOptions {
  const problems = tlsFileProblems(names, files, production);
  if (problems.length > 0) throw new Error(problems.join('; '));
  return secureContextOptions(files);
}
