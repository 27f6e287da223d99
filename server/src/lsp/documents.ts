/**
 * The editor's open documents (incremental sync, with their versions) and, per document, which
 * analysis is current: a burst of queued changes is analysed once, at its end, and an analysis a
 * newer change superseded stops.
 */
import type { DidChangeTextDocumentParams, DidOpenTextDocumentParams } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';

export class OpenDocuments {
  private readonly documents = new Map<string, TextDocument>();
  /** Per document URI, the analysis job that is current; an older job finding another here stops. */
  private readonly pending = new Map<string, number>();
  private jobCounter = 0;

  open(p: DidOpenTextDocumentParams): TextDocument {
    const doc = TextDocument.create(p.textDocument.uri, p.textDocument.languageId, p.textDocument.version, p.textDocument.text);
    this.documents.set(doc.uri, doc);
    return doc;
  }

  /** The document after the change; undefined for a document that was never opened. */
  change(p: DidChangeTextDocumentParams): TextDocument | undefined {
    const doc = this.documents.get(p.textDocument.uri);
    if (!doc) return undefined;
    // TextDocument.update changes the document in place and keeps its line offsets current; the
    // model works out the tree edit from the text itself (one per parse, not one per change).
    TextDocument.update(doc, p.contentChanges, p.textDocument.version);
    return doc;
  }

  close(uri: string): void {
    this.documents.delete(uri);
  }

  has(uri: string): boolean {
    return this.documents.has(uri);
  }

  /** The editor's version of an open document; undefined when it is not open. */
  versionOf(uri: string): number | undefined {
    return this.documents.get(uri)?.version;
  }

  all(): IterableIterator<TextDocument> {
    return this.documents.values();
  }

  /**
   * Runs `job` for the newest version of `uri` once the edits already received are in, and only it.
   * vscode-jsonrpc dispatches one queued message per event-loop turn, after the callbacks queued
   * before it; so the job hops one turn first, by which time the next queued message (a newer edit)
   * has been dispatched and queued a newer job: a burst of edits runs one job, at its end. `isCurrent`
   * turns false once a newer job is queued, so a job that pauses can stop.
   */
  queue(uri: string, job: (isCurrent: () => boolean) => Promise<void>): void {
    const id = ++this.jobCounter;
    this.pending.set(uri, id);
    const isCurrent = () => this.pending.get(uri) === id;
    setImmediate(() => setImmediate(() => {
      if (!isCurrent()) return; // stale: a newer change is queued
      void job(isCurrent).finally(() => { if (isCurrent()) this.pending.delete(uri); });
    }));
  }
}
