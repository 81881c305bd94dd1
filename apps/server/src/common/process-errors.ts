/**
 * Errors that escaped every handler: counted here (reported in /api/access/stats) and logged by the
 * process-level handlers main.ts installs. One request's rejected promise must not end the process that holds
 * the broker, the access runtime and a relay that is on.
 */
export const processErrors = { unhandledRejections: 0, uncaughtExceptions: 0 };

export function installProcessErrorHandlers(log: (kind: string, error: unknown) => void): void {
  process.on('unhandledRejection', (reason) => {
    processErrors.unhandledRejections++;
    log('unhandledRejection', reason);
  });
  // Carrying on after an exception nobody caught is a risk too, but stopping here would switch every machine
  // off mid-use and drop the broker; what threw is logged with its stack, and counted for the operator.
  process.on('uncaughtException', (error) => {
    processErrors.uncaughtExceptions++;
    log('uncaughtException', error);
  });
}
