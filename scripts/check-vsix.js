#!/usr/bin/env node
/**
 * Checks a packaged .vsix: lean (no tests, fixtures, TypeScript sources, examples, tool folders,
 * dev dependencies) and complete (client, server, rules, rule docs, grammar, every production
 * dependency, tree-sitter prebuilds for every platform). Then extracts it to a temp folder and runs
 * the packaged CLI on examples/chat-service, which proves the runtime dependencies in the package
 * are enough to load the engine and every rule.
 *
 *   node scripts/check-vsix.js [rust-readiness.vsix] [--list]
 * A .vsix is a zip: read here with Node's zlib, no unzip needed. Exit 1 on any problem.
 */

const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const zlib = require('zlib');

const ROOT = path.resolve(__dirname, '..');
const PLATFORMS = ['darwin-arm64', 'darwin-x64', 'linux-arm64', 'linux-x64', 'win32-arm64', 'win32-x64'];
const MAX_BYTES = 12 * 1024 * 1024;

/** Entries of a zip file from its central directory: name, sizes, method, local header offset. */
function readZip(buf) {
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 65535); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) { eocd = i; break; }
  }
  if (eocd < 0) throw new Error('not a zip file (no end of central directory)');
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const entries = [];
  for (let n = 0; n < count; n++) {
    if (buf.readUInt32LE(p) !== 0x02014b50) throw new Error(`bad central directory entry at ${p}`);
    const method = buf.readUInt16LE(p + 10);
    const compressed = buf.readUInt32LE(p + 20);
    const size = buf.readUInt32LE(p + 24);
    const nameLen = buf.readUInt16LE(p + 28), extraLen = buf.readUInt16LE(p + 30), commentLen = buf.readUInt16LE(p + 32);
    const offset = buf.readUInt32LE(p + 42);
    const name = buf.toString('utf8', p + 46, p + 46 + nameLen);
    entries.push({ name, method, compressed, size, offset });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

function extract(buf, e) {
  const nameLen = buf.readUInt16LE(e.offset + 26), extraLen = buf.readUInt16LE(e.offset + 28);
  const start = e.offset + 30 + nameLen + extraLen;
  const data = buf.subarray(start, start + e.compressed);
  if (e.method === 0) return data;
  if (e.method === 8) return zlib.inflateRawSync(data);
  throw new Error(`${e.name}: unsupported compression method ${e.method}`);
}

function main() {
  const args = process.argv.slice(2);
  const list = args.includes('--list');
  const file = path.resolve(args.find((a) => !a.startsWith('--')) ?? path.join(ROOT, 'rust-readiness.vsix'));
  const buf = fs.readFileSync(file);
  const entries = readZip(buf);
  const names = new Set(entries.map((e) => e.name));
  const problems = [];
  if (list) for (const e of entries) console.log(`${String(e.size).padStart(9)}  ${e.name}`);

  // Complete
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  const required = [
    'extension/package.json',
    `extension/${pkg.main.replace(/^\.\//, '')}`,
    'extension/out/server/src/server.js',
    'extension/out/server/src/cli/main.js',
    'extension/out/rules/index.js',
    ...(pkg.contributes?.grammars ?? []).map((g) => `extension/${g.path.replace(/^\.\//, '')}`),
    ...fs.readdirSync(path.join(ROOT, 'docs/rules')).filter((f) => f.endsWith('.md')).map((f) => `extension/docs/rules/${f}`),
    ...Object.keys(pkg.dependencies ?? {}).map((d) => `extension/node_modules/${d}/package.json`),
    ...PLATFORMS.flatMap((p) => [
      `extension/node_modules/tree-sitter/prebuilds/${p}/tree-sitter.node`,
      `extension/node_modules/tree-sitter-rust/prebuilds/${p}/tree-sitter-rust.node`,
    ]),
  ];
  for (const r of required) if (!names.has(r)) problems.push(`missing ${r}`);
  // Every compiled rule module of the repo's build is in the package.
  const outRules = path.join(ROOT, 'out/rules');
  if (fs.existsSync(outRules)) {
    for (const f of fs.readdirSync(outRules, { recursive: true })) {
      const rel = String(f).split(path.sep).join('/');
      if (rel.endsWith('.js') && !names.has(`extension/out/rules/${rel}`)) problems.push(`missing extension/out/rules/${rel}`);
    }
  }

  // Lean
  const forbidden = [
    [/^extension\/(test|examples|scripts|client\/src|server\/src|rules|\.ci|\.editor-tools|\.test-run|bench-workspace)\//, 'source, test or tool folder'],
    [/^extension\/out\/(test|scripts)\//, 'compiled tests or scripts'],
    [/^extension\/out-[^/]*/, 'a helper build folder'],
    [/^extension\/(?!node_modules\/).*\.ts$/, 'TypeScript source'],
    [/^extension\/node_modules\/(typescript|mocha|playwright-core|@vscode\/test-electron|@vscode\/vsce|@types)\//, 'a dev dependency'],
    [/^extension\/node_modules\/tree-sitter(-rust)?\/(src\/.*\.c|vendor\/.*\.[ch])$/, 'native sources (prebuilds are shipped)'],
    [/\.vsix$/, 'a packaged extension'],
  ];
  for (const n of names) {
    if (n.startsWith('extension/rules/') && n.endsWith('.md')) continue;
    for (const [re, why] of forbidden) if (re.test(n)) { problems.push(`should not ship ${n} (${why})`); break; }
  }
  if (buf.length > MAX_BYTES) problems.push(`package is ${buf.length} bytes, over the ${MAX_BYTES} budget`);

  // Works: the packaged CLI (same engine and rules as the server) runs on the example workspace.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rust-readiness-vsix-'));
  try {
    for (const e of entries) {
      if (!e.name.startsWith('extension/') || e.name.endsWith('/')) continue;
      const dest = path.join(dir, e.name);
      fs.mkdirSync(path.dirname(dest), { recursive: true });
      fs.writeFileSync(dest, extract(buf, e));
    }
    const cli = path.join(dir, 'extension/out/server/src/cli/main.js');
    if (fs.existsSync(cli)) {
      const r = spawnSync(process.execPath, [cli, path.join(ROOT, 'examples/chat-service'), '--format', 'json', '--fail-on', 'none'],
        { encoding: 'utf8', cwd: dir, env: { ...process.env, NODE_PATH: '' } });
      if (r.status !== 0) problems.push(`packaged CLI failed (exit ${r.status}): ${(r.stderr || r.stdout).slice(0, 2000)}`);
      else if (!/panic-in-production/.test(r.stdout)) problems.push('packaged CLI ran but did not report panic-in-production on examples/chat-service');
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }

  const total = entries.reduce((s, e) => s + e.size, 0);
  console.log(`check-vsix: ${path.basename(file)}: ${entries.length} files, ${(buf.length / 1048576).toFixed(2)} MB packed, ${(total / 1048576).toFixed(2)} MB unpacked`);
  if (problems.length) {
    for (const p of problems) console.error(`check-vsix: ${p}`);
    console.error(`check-vsix: ${problems.length} problem(s)`);
    process.exit(1);
  }
  console.log('check-vsix: complete and lean; packaged CLI ran on examples/chat-service');
}

main();
