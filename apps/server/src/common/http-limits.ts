/** Request body limits of the HTTP layer (bootstrap) that error messages quote. */
/** Every route but the import: small, so nobody can make the server read megabytes before the login check. */
export const JSON_BODY_LIMIT = 64 * 1024;
/** The member import only, read after its caller is authenticated (common/http-edge.ts). */
export const CSV_BODY_LIMIT = 10 * 1024 * 1024;
/** Public routes anyone may post to: far below the default, so an anonymous flood costs little to read. */
export const SMALL_BODY_ROUTES: ReadonlyMap<string, number> = new Map([
  ['/api/public/lab-requests', 16 * 1024],
  ['/api/public/lab-requests/:token/withdraw', 1024],
  ['/api/public/lab-requests/:token/accept-proposal', 1024],
]);
