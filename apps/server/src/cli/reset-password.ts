import 'reflect-metadata';
import { DynamicModule, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { StaffRole } from '@werkbank/contracts';
import { PersistenceModule } from '@werkbank/persistence';
import { AuditService } from '../audit/audit.service';
import { AuthService, SESSION_RECHECK_MS } from '../auth/auth.service';
import { PasswordHasher } from '../auth/password-hasher';
import { ChangeFeed } from '../common/change-feed';
import { CLOCK, systemClock } from '../common/clock';
import { DomainError } from '../common/domain-error';
import { AppConfig, databaseSettings } from '../config/app-config';
import { StaffService, StaffView } from '../staff/staff.service';
import { databaseExists, loadCliConfig, runCli } from './cli.util';

/**
 * `npm run staff:reset-password -- <username>`: a new random password for a staff account, printed once. For
 * when nobody can log in any more: the first start's password got lost, or the only admin forgot theirs.
 *
 * It reads the server's configuration (DATABASE_URL, DATA_DIR… from the environment) and may run beside the
 * running server: it writes the same database through StaffService, so the change is audited and the
 * account's sessions end (the server notices within SESSION_RECHECK_MS). It never migrates the schema.
 */
@Module({})
class PasswordResetModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: PasswordResetModule,
      imports: [PersistenceModule.forRoot(() => ({ ...databaseSettings(config), migrationsRun: false }))],
      providers: [
        { provide: AppConfig, useValue: config },
        { provide: CLOCK, useValue: systemClock },
        ChangeFeed,
        PasswordHasher,
        AuditService,
        AuthService,
        StaffService,
      ],
    };
  }
}

const USAGE = 'Usage: npm run staff:reset-password -- <username>';

/** Exit codes: 0 done, 1 the account or the database is missing, 2 usage or configuration error. */
async function main(args: string[]): Promise<number> {
  const config = loadCliConfig();
  if (config === null) return 2;
  if (!databaseExists(config)) return 1;

  const app = await NestFactory.createApplicationContext(PasswordResetModule.forRoot(config), {
    logger: ['error'],
    abortOnError: false,
  });
  try {
    const staff = app.get(StaffService);
    const [username, ...rest] = args;
    if (username === undefined || username.startsWith('-') || rest.length > 0) {
      process.stderr.write(`${USAGE}\n${accountList(await staff.list())}\n`);
      return 2;
    }
    let reset: Awaited<ReturnType<StaffService['resetPassword']>>;
    try {
      reset = await staff.resetPassword(username);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      process.stderr.write(`There is no staff account "${username}".\n${accountList(await staff.list())}\n`);
      return 1;
    }
    const { account, password } = reset;
    const lines = [
      `New password for "${account.username}" (${account.role}): ${password}`,
      '  Shown once. Log in with it and choose your own under "My account" (Mein Konto).',
      `  The account's sessions have ended; a running server notices within ${SESSION_RECHECK_MS / 1000} s.`,
    ];
    if (!account.active) {
      const admins = (await staff.list()).filter((a) => a.active && a.role === StaffRole.Admin);
      lines.push(
        `  Note: "${account.username}" is deactivated and cannot log in until an admin reactivates it.` +
          (admins.length > 0 ? ` Active admins: ${admins.map((a) => a.username).join(', ')}.` : ''),
      );
    }
    process.stdout.write(`${lines.join('\n')}\n`);
    return 0;
  } finally {
    await app.close();
  }
}

function accountList(accounts: StaffView[]): string {
  if (accounts.length === 0) return 'There are no staff accounts yet: start Werkbank once (npm start).';
  const described = accounts.map((a) => `${a.username} (${a.role}${a.active ? '' : ', deactivated'})`);
  return `Staff accounts: ${described.join(', ')}`;
}

runCli(
  () => main(process.argv.slice(2)),
  'Resetting the password failed',
  'If the database was made by an older Werkbank, start the server once to update it.',
);
