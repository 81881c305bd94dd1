#!/usr/bin/env node
'use strict';
// The bridge runs from compiled JavaScript (npm run build:server → nest build bridge), never ts-node.
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const entry = join(__dirname, '..', 'dist', 'firmware-bridge', 'src', 'main.js');
if (!existsSync(entry)) {
  process.stderr.write(
    'werkbank-bridge is not built yet: run `npm run build:server` (or `npx nest build bridge`) in the repository root.\n',
  );
  process.exit(1);
}
require(entry)
  .main(process.argv.slice(2))
  .then(
    (code) => process.exit(code),
    (error) => {
      process.stderr.write(`werkbank-bridge: ${(error && error.stack) || String(error)}\n`);
      process.exit(1);
    },
  );
