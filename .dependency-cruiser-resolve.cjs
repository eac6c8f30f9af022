// Resolution for dependency-cruiser (.dependency-cruiser.cjs), in the webpack `resolve` shape it
// reads: the site's `@/…` imports, taken from the `paths` of web/tsconfig.json. (Its own tsconfig
// option resolves `paths` from the working directory, not from web/, so they are handed over here.)
const path = require('node:path');
const ts = require('typescript');

const web = path.join(__dirname, 'web');
const { config } = ts.readConfigFile(path.join(web, 'tsconfig.json'), ts.sys.readFile);
const stripStar = (p) => p.replace(/\/\*$/, '');
const alias = Object.fromEntries(
  Object.entries(config.compilerOptions.paths).map(([name, [target]]) => [stripStar(name), path.join(web, stripStar(target))]),
);

module.exports = { resolve: { alias } };
