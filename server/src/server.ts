/**
 * The language server's entry point. Transport comes from the command line (`--stdio`,
 * `--node-ipc`, `--socket=`), as vscode-languageserver's createConnection reads it.
 */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { Session } from './lsp/session';

const connection = createConnection(ProposedFeatures.all);
// Never let one bad file take the server down: log and keep serving.
process.on('uncaughtException', (e) => connection.console.error(`rust-readiness: ${e.stack ?? e}`));
process.on('unhandledRejection', (e) => connection.console.error(`rust-readiness: ${(e as Error)?.stack ?? e}`));
new Session(connection).listen();
