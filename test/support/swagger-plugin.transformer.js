// A Jest transformer for DTO and controller files: compiles them with the @nestjs/swagger CLI plugin, as the
// build does (nest-cli.json), so an app started in a test serves the same OpenAPI document. The plugin reads
// types, which ts-jest's transpile mode (isolatedModules) has not; ts-jest keeps one compiler per Jest project,
// so this small transformer holds its own TypeScript program (built once per worker) for these files only.
const { createHash } = require('node:crypto');
const { readdirSync, readFileSync } = require('node:fs');
const { join } = require('node:path');
const ts = require('typescript');
const { before } = require('@nestjs/swagger/plugin');
const swaggerVersion = require('@nestjs/swagger/package.json').version;

const ROOT = join(__dirname, '../..');
const CONTRACTS = join(ROOT, 'libs/contracts/src');
let program = null;

function programOf() {
  if (program) return program;
  const parsed = ts.getParsedCommandLineOfConfigFile(
    join(ROOT, 'tsconfig.json'),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
      },
    },
  );
  program = ts.createProgram(parsed.fileNames, {
    ...parsed.options,
    isolatedModules: false,
    noEmit: false,
    sourceMap: false,
    inlineSourceMap: true,
    inlineSources: true,
  });
  return program;
}

/** Enums and unions the plugin inlines live in the contracts: their text is part of the cache key. */
function contractsFingerprint() {
  const hash = createHash('sha256');
  for (const file of readdirSync(CONTRACTS, { recursive: true }).map(String).sort())
    if (file.endsWith('.ts')) hash.update(file).update(readFileSync(join(CONTRACTS, file)));
  return hash.digest('hex');
}

module.exports = {
  getCacheKey(source, path, options) {
    return createHash('sha256')
      .update(source)
      .update(path)
      .update(JSON.stringify(options.transformerConfig ?? {}))
      .update(ts.version)
      .update(swaggerVersion)
      .update(contractsFingerprint())
      .digest('hex');
  },
  process(source, path, options) {
    const prog = programOf();
    const sourceFile = prog.getSourceFile(path);
    if (!sourceFile || sourceFile.text !== source)
      throw new Error(`swagger-plugin.transformer: ${path} changed while the tests ran; run them again`);
    let code;
    const result = prog.emit(
      sourceFile,
      (name, text) => {
        if (name.endsWith('.js')) code = text;
      },
      undefined,
      false,
      { before: [before(options.transformerConfig ?? {}, prog)] },
    );
    if (code === undefined)
      throw new Error(
        `swagger-plugin.transformer: no output for ${path} (${result.diagnostics.length} problems)`,
      );
    return { code };
  },
};
