// Builds public/widget.js from widget/src with esbuild: one minified IIFE,
// ES2022 (native #private fields), no runtime dependencies.
//
//   node widget/build.mjs            build
//   node widget/build.mjs --watch    rebuild on change
import * as esbuild from 'esbuild';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const options = {
  entryPoints: [path.join(root, 'widget/src/index.ts')],
  outfile: path.join(root, 'public/widget.js'),
  bundle: true,
  minify: true,
  format: 'iife',
  target: ['es2022', 'chrome111', 'firefox111', 'safari16.4'],
  legalComments: 'none',
  // Internal keys that are never seen from outside may be shortened: the
  // element's UI record (element.ts, interface Ui) and the same names in the
  // text tables (i18n.ts). Never read these keys with a computed name.
  mangleProps: /^(launcher|panel|welcome|alert|label|send|close|log|del|dl|act|box|ai|ta|h2)$/,
  charset: 'utf8',
  logLevel: 'warning',
  banner: { js: '/* Mignuti Chatbot widget — Apache-2.0 */' },
};

if (process.argv.includes('--watch')) {
  const ctx = await esbuild.context({ ...options, logLevel: 'info' });
  await ctx.watch();
} else {
  await esbuild.build(options);
}
