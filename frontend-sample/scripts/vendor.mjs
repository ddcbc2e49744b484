// Copies the @stomp/stompjs ES modules from node_modules into public/assets/vendor/stompjs,
// so the app is served as plain files and needs no Node to build or run.
// Run after changing the pinned version: npm ci && npm run vendor (then commit the output).
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const source = join(root, 'node_modules', '@stomp', 'stompjs');
const target = join(root, 'public', 'assets', 'vendor', 'stompjs');
const { version } = JSON.parse(readFileSync(join(source, 'package.json'), 'utf8'));

function* jsFiles(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* jsFiles(path);
    else if (name.endsWith('.js')) yield path;
  }
}

rmSync(target, { recursive: true, force: true });
for (const file of jsFiles(join(source, 'esm6'))) {
  const out = join(target, relative(join(source, 'esm6'), file));
  mkdirSync(dirname(out), { recursive: true });
  // The source maps point into the package's src/, which is not copied.
  const code = readFileSync(file, 'utf8').replace(/\n\/\/# sourceMappingURL=.*\s*$/, '\n');
  writeFileSync(out, code);
}
cpSync(join(source, 'LICENSE'), join(target, 'LICENSE'));
writeFileSync(join(target, 'VERSION'), `@stomp/stompjs ${version} (esm6), copied by npm run vendor\n`);
console.log(`vendored @stomp/stompjs ${version} into ${relative(root, target)}`);
