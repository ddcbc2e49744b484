// Copies the browser libraries from node_modules into public/assets/vendor/, so the app is served
// as plain files and needs no Node to build or run:
//   @stomp/stompjs    its ES modules (esm6/)            -> vendor/stompjs/
//   qrcode-generator  its one ES module (dist/qrcode.mjs) -> vendor/qrcode-generator/qrcode.js
// Run after changing a pinned version: npm ci && npm run vendor (then commit the output).
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const vendor = join(root, 'public', 'assets', 'vendor');
const packageDir = (name) => join(root, 'node_modules', ...name.split('/'));
const versionOf = (name) => JSON.parse(readFileSync(join(packageDir(name), 'package.json'), 'utf8')).version;

function* jsFiles(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* jsFiles(path);
    else if (name.endsWith('.js')) yield path;
  }
}

// The source maps point into the packages' sources, which are not copied.
const withoutSourceMap = (code) => code.replace(/\n\/\/# sourceMappingURL=.*\s*$/, '\n');

function stompjs() {
  const source = packageDir('@stomp/stompjs');
  const target = join(vendor, 'stompjs');
  rmSync(target, { recursive: true, force: true });
  for (const file of jsFiles(join(source, 'esm6'))) {
    const out = join(target, relative(join(source, 'esm6'), file));
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, withoutSourceMap(readFileSync(file, 'utf8')));
  }
  cpSync(join(source, 'LICENSE'), join(target, 'LICENSE'));
  return target;
}

// The package ships no LICENSE file; its MIT notice is the module's opening comment, kept as is.
// Served as .js: not every server maps .mjs to a JavaScript MIME type, which module scripts need.
function qrcodeGenerator() {
  const source = packageDir('qrcode-generator');
  const target = join(vendor, 'qrcode-generator');
  rmSync(target, { recursive: true, force: true });
  mkdirSync(target, { recursive: true });
  writeFileSync(join(target, 'qrcode.js'), withoutSourceMap(readFileSync(join(source, 'dist', 'qrcode.mjs'), 'utf8')));
  return target;
}

for (const [name, copy, what] of [['@stomp/stompjs', stompjs, 'esm6'], ['qrcode-generator', qrcodeGenerator, 'dist/qrcode.mjs']]) {
  const target = copy();
  writeFileSync(join(target, 'VERSION'), `${name} ${versionOf(name)} (${what}), copied by npm run vendor\n`);
  console.log(`vendored ${name} ${versionOf(name)} into ${relative(root, target)}`);
}
