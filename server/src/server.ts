/**
 * The language server's entry point. Transport comes from the command line (`--stdio`,
 * `--node-ipc`, `--socket=`), as vscode-languageserver's createConnection reads it.
 */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { Session } from './lsp/session';
import { DEBUG_REQUESTS, type ServerMemory } from './protocol';

const connection = createConnection(ProposedFeatures.all);
// Never let one bad file take the server down: log and keep serving.
process.on('uncaughtException', (e) => connection.console.error(`rust-readiness: ${e.stack ?? e}`));
process.on('unhandledRejection', (e) => connection.console.error(`rust-readiness: ${(e as Error)?.stack ?? e}`));

// Under `node --expose-gc` only (tests and benchmarks): V8 grows its heap ahead of need and
// collects when it sees fit, so resident memory measured mid-work shows that growth; measured after
// a full collection it shows what the server retains. Native memory (tree-sitter trees) is freed by
// finalizers that run after the collection, hence a turn of the event loop and a second one.
const collectGarbage = (globalThis as { gc?: () => void }).gc;
if (collectGarbage) {
  connection.onRequest(DEBUG_REQUESTS.memory, async (): Promise<ServerMemory> => {
    const beforeCollection = process.memoryUsage();
    collectGarbage();
    await new Promise((resolve) => setImmediate(resolve));
    collectGarbage();
    return { beforeCollection, afterCollection: process.memoryUsage(), peakRss: process.resourceUsage().maxRSS * 1024 };
  });
}
new Session(connection).listen();
