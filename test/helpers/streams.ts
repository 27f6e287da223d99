/** A writable stream that keeps what is written to it, for running the CLI in-process. */
import { Writable } from 'stream';

export function sink(): Writable & { text: string } {
  const w = new Writable({ write(chunk, _enc, done) { w.text += String(chunk); done(); } }) as Writable & { text: string };
  w.text = '';
  return w;
}
