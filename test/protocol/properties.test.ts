/**
 * Property (#13): random edit sequences sent to the real server (bursts and pauses, any line
 * endings, edits splitting CRLF pairs and surrogate pairs' neighbours) end with the same
 * diagnostics as a fresh open of the final text. Bounded to a few seconds.
 */
import * as assert from 'assert';
import * as path from 'path';
import { pathToFileURL } from 'url';
import fc from 'fast-check';
import {
  DidChangeTextDocumentNotification, DidCloseTextDocumentNotification, DidOpenTextDocumentNotification, type Diagnostic,
} from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { TestClient } from '../helpers/lspClient';
import { concreteEdit, editSequence, RENAME_CONFIG, renderRustDoc, rustDocSpec } from '../helpers/generators';
import { writeWorkspace } from '../helpers/workspace';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const essence = (ds: Diagnostic[]) => ds.map((d) => ({ code: d.code, range: d.range, message: d.message, severity: d.severity }));

describe('property: edits through the protocol end where a fresh open does (#13)', function () {
  this.timeout(60000);
  let client: TestClient;
  let root: string;
  before(async () => {
    root = writeWorkspace({
      'Cargo.toml': '[package]\nname = "svc"\nversion = "0.1.0"\nedition = "2021"\n\n[dependencies]\nanyhow = "1"\ntokio = "1"\ntracing = "0.1"\n',
      'src/main.rs': 'fn main() {}\n',
      '.readiness.toml': RENAME_CONFIG,
      '.gitignore': '/target\n',
    });
    client = new TestClient();
    await client.initialize(root);
  });
  after(async () => { await client.shutdown(); });

  /** The diagnostics of `uri` once the publish for `version` arrived and nothing followed for `quietMs` (workspace findings refresh 400 ms after the last change, then re-analyse in jobs; a loaded machine needs the margin). */
  async function settled(uri: string, version: number, quietMs = 900): Promise<Diagnostic[]> {
    await client.waitFor(uri, (_, p) => p.version === version, 20000);
    for (;;) {
      const count = client.publishes.length;
      await sleep(quietMs);
      if (client.publishes.length === count) return client.diagnostics.get(uri)!.diagnostics;
    }
  }

  it('random edit sequences, then a fresh open of the final text: the same diagnostics', async () => {
    let run = 0;
    await fc.assert(fc.asyncProperty(rustDocSpec, editSequence, fc.array(fc.nat({ max: 3 }), { minLength: 30, maxLength: 30 }), async (spec, edits, pauses) => {
      const uri = pathToFileURL(path.join(root, 'src', `gen_${run++}.rs`)).toString();
      let doc = TextDocument.create(uri, 'rust', 1, renderRustDoc(spec));
      await client.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'rust', version: 1, text: doc.getText() } });
      for (const [i, e] of edits.entries()) {
        const { at, remove, insert } = concreteEdit(doc.getText(), e);
        const range = { start: doc.positionAt(at), end: doc.positionAt(at + remove) };
        doc = TextDocument.update(doc, [{ range, text: insert }], doc.version + 1);
        await client.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version: doc.version }, contentChanges: [{ range, text: insert }] });
        if (pauses[i]) await sleep(pauses[i] * 10);
      }
      const edited = essence(await settled(uri, doc.version));
      const finalText = doc.getText();
      await client.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
      await client.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'rust', version: doc.version + 1, text: finalText } });
      const fresh = essence(await settled(uri, doc.version + 1));
      await client.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
      assert.deepStrictEqual(edited, fresh, `final text ${JSON.stringify(finalText)}`);
    }), { numRuns: 8, interruptAfterTimeLimit: 6000 });
  });
});
