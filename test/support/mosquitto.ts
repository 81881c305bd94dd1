import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { connectAsync } from 'mqtt';
import { freePort } from './free-port';

const MOSQUITTO = '/usr/sbin/mosquitto';

/**
 * A real Mosquitto on loopback with the settings docker/mosquitto/mosquitto.conf ships (logins, ACL file,
 * client id = username, persistence), its password and ACL files written by the test.
 */
export class Mosquitto {
  private child: ChildProcess | null = null;

  private constructor(
    readonly dir: string,
    readonly port: number,
  ) {}

  get url(): string {
    return `mqtt://127.0.0.1:${this.port}`;
  }

  static async start(dir: string, files: { passwordFile: string; aclFile: string }): Promise<Mosquitto> {
    const broker = new Mosquitto(dir, await freePort());
    broker.writeFiles(files);
    writeFileSync(
      join(dir, 'mosquitto.conf'),
      [
        `listener ${broker.port} 127.0.0.1`,
        'allow_anonymous false',
        `password_file ${join(dir, 'passwd')}`,
        `acl_file ${join(dir, 'acl')}`,
        'use_username_as_clientid true',
        'persistence true',
        `persistence_location ${dir}/`,
        'set_tcp_nodelay true',
        'max_queued_messages 100000',
        // Run as whoever runs the tests (as root, Mosquitto would switch to a user that cannot read the files).
        `user ${userInfo().username}`,
        '',
      ].join('\n'),
    );
    await broker.run();
    return broker;
  }

  writeFiles(files: { passwordFile: string; aclFile: string }): void {
    writeFileSync(join(this.dir, 'passwd'), files.passwordFile, { mode: 0o600 });
    writeFileSync(join(this.dir, 'acl'), files.aclFile, { mode: 0o600 });
  }

  /** Re-reads the password and ACL files (SIGHUP), as an operator does after regenerating them. */
  async reload(files: { passwordFile: string; aclFile: string }): Promise<void> {
    this.writeFiles(files);
    this.child?.kill('SIGHUP');
    await new Promise((r) => setTimeout(r, 300));
  }

  private async run(): Promise<void> {
    const child = spawn(MOSQUITTO, ['-c', join(this.dir, 'mosquitto.conf')], { stdio: 'ignore' });
    this.child = child;
    const started = Date.now();
    while (Date.now() - started < 5000) {
      if (child.exitCode !== null) throw new Error(`mosquitto exited with ${child.exitCode}`);
      try {
        // A refused login still proves the listener is up.
        const probe = await connectAsync(this.url, { reconnectPeriod: 0, connectTimeout: 500 });
        await probe.endAsync();
        return;
      } catch (error) {
        if (/Not authorized|Bad username|Connection refused: Not/i.test(String(error))) return;
        await new Promise((r) => setTimeout(r, 50));
      }
    }
    throw new Error('mosquitto did not start (npm test installs the mosquitto package)');
  }

  /** Stops gracefully (Mosquitto saves its persistence file) and starts again on the same port. */
  async restart(downMs = 0): Promise<void> {
    await this.stop();
    if (downMs > 0) await new Promise((r) => setTimeout(r, downMs));
    await this.run();
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    await exited;
    this.child = null;
  }
}
