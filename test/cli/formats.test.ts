/**
 * An output format is one entry of `output/formats.ts`: `--help`, the `--format` validation and the
 * dispatch all read the registry. The expectations here are derived from the registry, so a new
 * entry is checked without editing this test.
 */
import * as assert from 'assert';
import { main } from '../../server/src/cli/main';
import { formatsOf, OUTPUT_FORMATS, type FormatCommand } from '../../server/src/output/formats';
import { writeWorkspace } from '../helpers/workspace';
import { sink } from '../helpers/streams';

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = sink();
  const err = sink();
  const code = await main(args, out, err);
  return { code, stdout: out.text, stderr: err.text };
}

const COMMANDS: FormatCommand[] = ['check', 'report'];

describe('CLI output formats: one registry entry each', function () {
  this.timeout(60000);

  const service = () => writeWorkspace({
    'Cargo.toml': '[package]\nname = "svc"\nversion = "0.1.0"\nedition = "2021"\n',
    'src/main.rs': 'fn main() {\n    let p: u16 = std::env::args().nth(1).unwrap().parse().expect("port");\n}\n',
    '.gitignore': '/target\n',
  });

  it('the registry has formats for both commands, with distinct names', () => {
    for (const c of COMMANDS) assert.ok(formatsOf(c).length > 0, c);
    assert.strictEqual(new Set(OUTPUT_FORMATS.map((f) => f.name)).size, OUTPUT_FORMATS.length);
  });

  it('--help lists every format with its command, description and extension', async () => {
    const r = await cli(['--help']);
    assert.strictEqual(r.code, 0);
    for (const f of OUTPUT_FORMATS) {
      const line = r.stdout.split('\n').find((l) => l.trimStart().startsWith(`${f.name} `));
      assert.ok(line, `--help has a line for ${f.name}`);
      assert.ok(line.includes(f.command) && line.includes(f.description) && line.includes(`.${f.extension}`), line);
    }
    for (const c of COMMANDS) assert.ok(r.stdout.includes(`the default for ${c}`), `--help names the default ${c} format`);
  });

  for (const command of COMMANDS) {
    it(`an unknown ${command} --format is a usage error listing the ${command} formats, and only those`, async () => {
      const root = service();
      const r = await cli([...(command === 'report' ? ['report'] : []), root, '--format', 'no-such-format']);
      assert.strictEqual(r.code, 2);
      const error = r.stderr.split('\n')[0];
      assert.match(error, /--format must be .* \(got "no-such-format"\)$/);
      for (const f of OUTPUT_FORMATS) assert.strictEqual(new RegExp(`\\b${f.name}\\b`).test(error), f.command === command, `${f.name} in: ${error}`);
    });
  }

  for (const command of COMMANDS) {
    it(`each ${command} format is accepted and rendered by its own entry (the other command refuses it)`, async () => {
      const root = service();
      const prefix = command === 'report' ? ['report'] : [];
      const outputs = new Map<string, string>();
      for (const f of formatsOf(command)) {
        const r = await cli([...prefix, root, '--format', f.name, '--fail-on', 'none', '--jobs', '1']);
        assert.strictEqual(r.code, 0, r.stderr);
        assert.ok(r.stdout.length > 0);
        outputs.set(f.name, r.stdout);
        const other = await cli([...(command === 'report' ? [] : ['report']), root, '--format', f.name]);
        assert.strictEqual(other.code, 2, `${f.name} is not a format of the other command`);
      }
      assert.strictEqual(new Set(outputs.values()).size, outputs.size, 'each format renders its own output');
    });
  }
});
