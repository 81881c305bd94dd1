/** Request body limits of the HTTP layer (bootstrap) that error messages quote. */
export const JSON_BODY_LIMIT = 1024 * 1024;
export const CSV_BODY_LIMIT = 10 * 1024 * 1024;
