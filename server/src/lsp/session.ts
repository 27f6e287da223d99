/**
 * The language server: a thin shell over the engine. This module is the wiring: `initialize` and
 * the client's capabilities, and which part answers which request or notification. The parts:
 * `documents` (open documents, which analysis is current), `folders` (a model and analyzer per
 * workspace folder), `scheduler` (when files are analysed), `publisher` (analysing in slices,
 * publishing, the workspace scan), `codeActions`, `hover` and `report`. Imports point from here to
 * them, never back.
 */
import {
  CodeActionKind, TextDocumentSyncKind, type CancellationToken, type Connection, type InitializeParams, type InitializeResult,
} from 'vscode-languageserver/node';
import { createEngine } from '../../../rules';
import type { Engine } from '../core/engine/engine';
import { REQUESTS, SERVER_COMMANDS, type RuleSummary } from '../protocol';
import { CodeActions } from './codeActions';
import { FIX_ALL_KIND } from './convert';
import { OpenDocuments } from './documents';
import { Folders } from './folders';
import { suppressionHover } from './hover';
import { clientSupport, Lifecycle } from './lifecycle';
import { Publisher } from './publisher';
import { workspaceReport } from './report';
import { Scheduler } from './scheduler';

const COMMANDS = SERVER_COMMANDS;

export class Session {
  private readonly engine: Engine = createEngine();
  private readonly lifecycle = new Lifecycle();
  private readonly documents = new OpenDocuments();
  private readonly folders: Folders;
  private readonly publisher: Publisher;
  private readonly scheduler: Scheduler;
  private readonly codeActions: CodeActions;

  constructor(private readonly connection: Connection) {
    this.folders = new Folders(connection, this.engine, this.documents, this.lifecycle);
    this.publisher = new Publisher(connection, this.documents, this.lifecycle);
    this.scheduler = new Scheduler(this.documents, this.folders, this.publisher, this.lifecycle);
    this.codeActions = new CodeActions(connection, this.documents, this.folders, this.publisher, this.lifecycle);
  }

  listen(): void {
    const c = this.connection;
    const serving = this.lifecycle.serving.bind(this.lifecycle);
    c.onInitialize((p) => this.initialize(p));
    c.onInitialized(() => void this.afterInitialized());
    c.onDidOpenTextDocument((p) => this.scheduler.edited(this.documents.open(p)));
    c.onDidChangeTextDocument((p) => {
      const doc = this.documents.change(p);
      if (doc) this.scheduler.edited(doc);
    });
    c.onDidCloseTextDocument((p) => {
      this.documents.close(p.textDocument.uri);
      this.scheduler.closed(p.textDocument.uri);
    });
    c.onDidChangeWatchedFiles((p) => {
      const { relevant, deleted } = this.folders.filesChanged(p.changes);
      for (const { folder, rel } of deleted) this.publisher.clear(folder, rel);
      if (relevant) this.scheduler.refresh(0);
    });
    c.onDidChangeConfiguration(() => void this.reloadSettings());
    // After `shutdown` every request but a repeated shutdown is answered with InvalidRequest (LSP).
    c.onShutdown(() => {
      this.lifecycle.shuttingDown = true;
      this.scheduler.stop();
    });
    c.onCodeAction(serving((p) => this.codeActions.provide(p)));
    c.onHover(serving((p) => suppressionHover(this.engine, this.folders, p)));
    c.onExecuteCommand(serving(async (p, token) => {
      if (p.command === COMMANDS.scanWorkspace) return this.scanAll(token);
      if (p.command === COMMANDS.fixAll) {
        const uri = (p.arguments?.[0] as string | undefined);
        if (uri) await this.codeActions.applyFixAll(uri);
      }
      return undefined;
    }));
    c.onRequest(REQUESTS.report, serving((p: { folderUri: string }, token) => workspaceReport(this.folders, this.lifecycle, p.folderUri, token)));
    c.onRequest(REQUESTS.rules, serving((): RuleSummary[] => this.engine.allMeta().map((m) => ({ id: m.id, title: m.title, priority: m.priority, area: m.area }))));
    c.listen();
  }

  private initialize(params: InitializeParams): InitializeResult {
    this.lifecycle.client = clientSupport(params.capabilities);
    this.folders.setWorkspaceFolders(params.workspaceFolders ?? (params.rootUri ? [{ uri: params.rootUri, name: 'root' }] : []));
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND] },
        hoverProvider: true,
        executeCommandProvider: { commands: [COMMANDS.scanWorkspace, COMMANDS.fixAll] },
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'rust-readiness' },
    };
  }

  private async afterInitialized(): Promise<void> {
    if (this.folders.hasWorkspaceFolders() && this.connection.workspace) {
      try {
        this.connection.workspace.onDidChangeWorkspaceFolders((e) => {
          for (const removed of this.folders.workspaceFoldersChanged(e)) this.publisher.clearFolder(removed);
          void this.reloadSettings().then(() => this.scanAll());
        });
      } catch { /* the client does not support folder change notifications */ }
    }
    await this.reloadSettings();
    const scan = (await this.setting<boolean>('scanOnStartup')) !== false;
    this.lifecycle.initialized = true;
    if (!scan) { for (const doc of this.documents.all()) this.scheduler.analyse(doc.uri); return; }
    // Open documents are analysed at once, with the workspace findings once the scan has them.
    const scanned = this.scanAll();
    for (const doc of this.documents.all()) this.scheduler.analyse(doc.uri);
    await scanned;
  }

  private async setting<T>(name: string, scopeUri?: string): Promise<T | undefined> {
    if (!this.lifecycle.client.configuration) return undefined;
    const all = await this.connection.workspace.getConfiguration({ scopeUri, section: 'rustReadiness' }) as Record<string, unknown> | null;
    return (all?.[name] as T | undefined);
  }

  /** Settings changed: the folders' models are rebuilt, and once running every published file is refreshed. */
  private async reloadSettings(): Promise<void> {
    await this.folders.reloadSettings();
    if (this.lifecycle.initialized) this.scheduler.refresh(0);
  }

  private async scanAll(token?: CancellationToken): Promise<{ files: number; findings: number }> {
    try {
      return await this.publisher.scanAll(this.folders.all(), token);
    } finally {
      if (!this.lifecycle.shuttingDown) this.scheduler.scanEnded();
    }
  }
}
