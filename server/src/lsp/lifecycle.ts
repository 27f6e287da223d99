/**
 * The server's state every part of it reads: whether it is initialized or shutting down, what the
 * client declared it supports, and the cooperative pause long requests take between slices.
 */
import { ErrorCodes, LSPErrorCodes, ResponseError, type CancellationToken, type ClientCapabilities } from 'vscode-languageserver/node';

/** How long an analysis runs before it gives the event loop back (ms). */
export const SLICE_MS = 8;

/** What the client declared in `initialize` that changes what the server sends. */
export interface ClientSupport {
  /** `workspace/configuration`: settings are pulled per folder. */
  configuration: boolean;
  /** `workspaceEdit.documentChanges`: versioned edits. */
  documentChanges: boolean;
  /** `workspaceEdit.resourceOperations` includes `create` (with documentChanges): edits may create files. */
  createFiles: boolean;
  /** `workspaceEdit.snippetEditSupport` (LSP 3.18, with documentChanges). */
  snippetEdits: boolean;
  /** `window.workDoneProgress`: the scan reports `$/progress`. */
  progress: boolean;
}

export function clientSupport(caps: ClientCapabilities): ClientSupport {
  const workspaceEdit = caps.workspace?.workspaceEdit;
  const documentChanges = !!workspaceEdit?.documentChanges;
  return {
    configuration: !!caps.workspace?.configuration,
    documentChanges,
    createFiles: documentChanges && !!workspaceEdit?.resourceOperations?.includes('create'),
    snippetEdits: documentChanges && !!workspaceEdit?.snippetEditSupport,
    progress: !!caps.window?.workDoneProgress,
  };
}

const SHUTTING_DOWN = 'Rust Readiness: the server is shutting down (shutdown was requested).';

export class Lifecycle {
  initialized = false;
  shuttingDown = false;
  client: ClientSupport = { configuration: false, documentChanges: false, createFiles: false, snippetEdits: false, progress: false };

  /** A request handler that answers InvalidRequest once the client asked the server to shut down. */
  serving<A extends unknown[], R>(handler: (...args: A) => R): (...args: A) => R {
    return (...args: A) => {
      if (this.shuttingDown) throw new ResponseError(ErrorCodes.InvalidRequest, SHUTTING_DOWN);
      return handler(...args);
    };
  }

  /** Gives the event loop back (so `$/cancelRequest` and newer messages are read); throws if the request was cancelled meanwhile. */
  async pause(token: CancellationToken | undefined): Promise<void> {
    await new Promise((resolve) => setImmediate(resolve));
    if (token?.isCancellationRequested) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'Rust Readiness: cancelled.');
    if (token && this.shuttingDown) throw new ResponseError(ErrorCodes.InvalidRequest, SHUTTING_DOWN);
  }
}
