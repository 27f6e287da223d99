import * as fs from 'fs';
import * as path from 'path';

/** The package version (from package.json at the package root; works from `out/server/src/*`). */
export function packageVersion(): string {
  try {
    return JSON.parse(fs.readFileSync(path.resolve(__dirname, '..', '..', '..', '..', 'package.json'), 'utf8')).version;
  } catch { return '0.0.0'; }
}
