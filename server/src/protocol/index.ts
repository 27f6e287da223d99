/**
 * What the VS Code client and the language server agree on: command ids, custom request names and
 * their payloads. Both sides import this module (the client nothing else of the server), so a name
 * is typed once. No imports here: the extension host loads this file.
 */

/** Commands the server executes (`workspace/executeCommand`). */
export const SERVER_COMMANDS = {
  scanWorkspace: 'rust-readiness.scanWorkspace',
  fixAll: 'rust-readiness.fixAll',
} as const;

/** Commands the client registers in VS Code (contributed in package.json). */
export const CLIENT_COMMANDS = {
  scanWorkspace: 'rustReadiness.scanWorkspace',
  openRuleDocs: 'rustReadiness.openRuleDocs',
  fixAllInFile: 'rustReadiness.fixAllInFile',
  openReport: 'rustReadiness.openReport',
} as const;

/** Custom requests from the client to the server. */
export const REQUESTS = {
  /** `{ folderUri }` → the report of that folder. */
  report: 'rustReadiness/report',
  /** → every rule's id, title, priority and area. */
  rules: 'rustReadiness/rules',
} as const;

/**
 * Requests that exist only when the server runs under `node --expose-gc` (tests, benchmarks), never
 * in the extension: measurements of what the server retains, apart from V8's heap growth.
 */
export const DEBUG_REQUESTS = {
  /** → `ServerMemory`: the process's memory just before and just after a full garbage collection. */
  memory: 'rustReadiness/debug/memory',
} as const;

/** `process.memoryUsage()` figures, in bytes. */
export interface MemoryFigures { rss: number; heapTotal: number; heapUsed: number; external: number; arrayBuffers: number }
/** What `rustReadiness/debug/memory` answers; `peakRss`: the process's largest RSS so far, in bytes. */
export interface ServerMemory { beforeCollection: MemoryFigures; afterCollection: MemoryFigures; peakRss: number }

/** One rule as `rustReadiness/rules` answers it. */
export interface RuleSummary { id: string; title: string; priority: string; area: string }
/** What `rust-readiness.scanWorkspace` answers. */
export interface ScanSummary { files: number; findings: number }
