/**
 * The integration suite's entry point, loaded by VS Code's extension host (extensionTestsPath):
 * runs every `*.e2e.js` beside it with mocha and resolves when all passed. Works unchanged under
 * code-server (scripts/run-vscode-tests.js) and @vscode/test-electron (test/e2e/launch-electron.ts).
 * The last line logged is "E2E RESULT: N passed, N failed", which the launchers read.
 */
import * as fs from 'fs';
import * as path from 'path';

type MochaCtor = typeof import('mocha');
// mocha 12's entry is an ES module: require() gives its namespace, whose `default` is the class.
const mochaModule = require('mocha') as MochaCtor & { default?: MochaCtor };
const Mocha: MochaCtor = mochaModule.default ?? mochaModule;

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', timeout: 60000, color: false, reporter: 'spec' });
  const only = process.env.RUST_READINESS_E2E_GREP;
  if (only) mocha.grep(only);
  for (const f of fs.readdirSync(__dirname).sort()) {
    if (f.endsWith('.e2e.js')) mocha.addFile(path.join(__dirname, f));
  }
  return new Promise((resolve, reject) => {
    try {
      const runner = mocha.run((failures) => {
        const stats = runner.stats ?? { passes: 0, failures };
        console.log(`E2E RESULT: ${stats.passes} passed, ${stats.failures} failed`);
        if (failures > 0) reject(new Error(`${failures} integration test(s) failed`));
        else resolve();
      });
    } catch (e) {
      console.error(e);
      reject(e);
    }
  });
}
