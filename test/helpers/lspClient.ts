/**
 * A real LSP client for protocol tests: spawns the built server over stdio and talks JSON-RPC
 * through vscode-languageserver-protocol, recording every publishDiagnostics.
 */
import { spawn, type ChildProcess } from 'child_process';
import * as path from 'path';
import { pathToFileURL } from 'url';
import {
  createProtocolConnection, StreamMessageReader, StreamMessageWriter, InitializeRequest, InitializedNotification,
  PublishDiagnosticsNotification, ShutdownRequest, ExitNotification, ConfigurationRequest, WorkDoneProgressCreateRequest,
  ApplyWorkspaceEditRequest, ShowMessageNotification, ShowMessageRequest, LogMessageNotification, type LogMessageParams, type ProtocolConnection, type PublishDiagnosticsParams, type Diagnostic,
  type ApplyWorkspaceEditParams, type ShowMessageParams,
} from 'vscode-languageserver-protocol/node';

export const SERVER = path.resolve(__dirname, '..', '..', 'server', 'src', 'server.js');

export class TestClient {
  readonly connection: ProtocolConnection;
  readonly process: ChildProcess;
  readonly diagnostics = new Map<string, PublishDiagnosticsParams>();
  /** Every publishDiagnostics in arrival order (`diagnostics` keeps only the last per URI). */
  readonly publishes: PublishDiagnosticsParams[] = [];
  readonly progress: unknown[] = [];
  readonly messages: ShowMessageParams[] = [];
  /** window/logMessage from the server (its console: analysis failures are logged there). */
  readonly logs: LogMessageParams[] = [];
  readonly appliedEdits: ApplyWorkspaceEditParams[] = [];
  settings: Record<string, unknown> = {};
  private listeners: (() => void)[] = [];
  stderr = '';

  /**
   * `options.env`: added to the server process's environment (e.g. `RUST_READINESS_POOL_MIN_BYTES`);
   * `options.nodeArgs`: options for the server's node (e.g. `--expose-gc`, which enables the debug requests).
   */
  constructor(options: { env?: NodeJS.ProcessEnv; nodeArgs?: readonly string[] } = {}) {
    this.process = spawn(process.execPath, [...(options.nodeArgs ?? []), SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, ...options.env } });
    this.process.stderr!.on('data', (d) => { this.stderr += d; });
    this.connection = createProtocolConnection(new StreamMessageReader(this.process.stdout!), new StreamMessageWriter(this.process.stdin!));
    this.connection.onNotification(PublishDiagnosticsNotification.type, (p) => {
      this.diagnostics.set(p.uri, p);
      this.publishes.push(p);
      for (const l of [...this.listeners]) l();
    });
    this.connection.onNotification(ShowMessageNotification.type, (p) => { this.messages.push(p); });
    this.connection.onNotification(LogMessageNotification.type, (p) => { this.logs.push(p); });
    // `$/progress` has no typed notification in the protocol package; listen to it by name.
    (this.connection as unknown as { onNotification(m: string, h: (p: unknown) => void): void })
      .onNotification('$/progress', (p) => { this.progress.push(p); });
    this.connection.onRequest(ShowMessageRequest.type, (p) => { this.messages.push(p); return null; });
    this.connection.onRequest(ConfigurationRequest.type, (p) => p.items.map(() => this.settings));
    this.connection.onRequest(WorkDoneProgressCreateRequest.type, () => undefined);
    this.connection.onRequest(ApplyWorkspaceEditRequest.type, (p) => { this.appliedEdits.push(p); return { applied: true }; });
    this.connection.listen();
  }

  /**
   * `snippetEdits`: declare `workspace.workspaceEdit.snippetEditSupport` (LSP 3.18), as VS Code's client does.
   * `resourceOperations`: the workspace edit's resource operations the client declares (`['create']` unless given).
   */
  async initialize(root: string, settings: Record<string, unknown> = {}, options: { snippetEdits?: boolean; resourceOperations?: ('create' | 'rename' | 'delete')[] } = {}): Promise<void> {
    this.settings = settings;
    const uri = pathToFileURL(root).toString();
    await this.connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: uri,
      workspaceFolders: [{ uri, name: path.basename(root) }],
      capabilities: {
        workspace: {
          configuration: true,
          workspaceEdit: { documentChanges: true, resourceOperations: options.resourceOperations ?? ['create'], ...(options.snippetEdits ? { snippetEditSupport: true } : {}) },
          didChangeWatchedFiles: { dynamicRegistration: false },
        },
        window: { workDoneProgress: true },
        textDocument: { publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true, dataSupport: true } },
      },
    });
    await this.connection.sendNotification(InitializedNotification.type, {});
  }

  /** Resolves with the diagnostics of `uri` once `predicate` holds for them. */
  waitFor(uri: string, predicate: (d: Diagnostic[], p: PublishDiagnosticsParams) => boolean, timeoutMs = 10000): Promise<Diagnostic[]> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const p = this.diagnostics.get(uri);
        if (p && predicate(p.diagnostics, p)) {
          this.listeners = this.listeners.filter((l) => l !== check);
          clearTimeout(timer);
          resolve(p.diagnostics);
          return true;
        }
        return false;
      };
      const timer = setTimeout(() => {
        this.listeners = this.listeners.filter((l) => l !== check);
        reject(new Error(`timed out waiting for diagnostics on ${uri}; last: ${JSON.stringify(this.diagnostics.get(uri)?.diagnostics.map((d) => d.code))}\n${this.stderr}`));
      }, timeoutMs);
      if (!check()) this.listeners.push(check);
    });
  }

  async shutdown(): Promise<void> {
    try {
      await this.connection.sendRequest(ShutdownRequest.type);
      await this.connection.sendNotification(ExitNotification.type);
    } finally {
      const exited = new Promise((r) => this.process.once('exit', r));
      setTimeout(() => this.process.kill(), 2000).unref();
      await exited;
      this.connection.dispose();
    }
  }
}
