/**
 * A scan worker thread (`engine/scan.ts`): builds its own model of the folder from the main
 * thread's replica, then scans the files it is handed, one message per batch.
 */
import { parentPort, workerData } from 'worker_threads';
import { createEngine } from '../../rules';
import { scanFile, type FileScan, type FromWorker, type ToWorker } from './core/engine/scan';
import { WorkspaceModel, type ModelReplica } from './core/engine/workspace';

const replica = workerData as ModelReplica;
const engine = createEngine();
const model = new WorkspaceModel(replica.root, { knownRules: engine.knownIds, configFile: replica.configFile, settings: replica.settings });
for (const [p, text] of replica.overlays) model.setOverlay(p, text);
const port = parentPort!;

port.on('message', (m: ToWorker) => {
  const scans = m.paths.map((p) => scanFile(engine, model, p));
  try {
    port.postMessage({ scans } satisfies FromWorker);
  } catch {
    // A rule collected something that cannot cross threads (a function): the main thread collects it itself.
    port.postMessage({ scans: scans.map((s): FileScan => ({ ...s, collected: undefined })) } satisfies FromWorker);
  }
});
port.postMessage({ ready: true } satisfies FromWorker);
