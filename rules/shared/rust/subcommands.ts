/**
 * The arm of a command-line subcommand match a node is in (`Some(Commands::Generate) => …`):
 * there a panic is the command's error exit and a `println!` is the command's output. One reading
 * for the rules that care (`panic-in-production`, `secret-in-log`).
 */
import type { SyntaxNode } from '../../../server/src/core/parsers/rust';
import { ancestryOf } from './ancestry';

/** `Commands::Generate`, `Cmd::Jwt`, `AdminSubcommand::Reset`, `Action::Export` in a match arm pattern. */
const SUBCOMMAND_VARIANT = /\b(\w*(?:Commands?|Subcommands?|Cmds?|Action))\s*::\s*(\w+)/;
/** Text that can contain such an arm: read the tree only where it is there. */
export const SUBCOMMAND_TEXT = /(?:Commands?|Subcommands?|Cmds?|Action)\s*::/;

/** The subcommand variant (`Commands::Generate`) whose match arm holds `node` in its function, or undefined. */
export function subcommandArmOf(node: SyntaxNode): string | undefined {
  const chain = ancestryOf(node);
  for (let i = 0; i < chain.length; i++) {
    if (chain.type(i) === 'function_item') break;
    if (chain.type(i) !== 'match_arm') continue;
    const m = SUBCOMMAND_VARIANT.exec(chain.node(i)!.childForFieldName('pattern')?.text ?? '');
    if (m) return `${m[1]}::${m[2]}`;
  }
  return undefined;
}

/** A subcommand that starts the service (`Serve`, `Run`, `Start`, `Worker`…): not a one-shot command. */
export function startsTheService(variant: string): boolean {
  return /serve|server|run|start|daemon|worker|listen|api|proxy/i.test(variant.split('::').pop() ?? '');
}

/**
 * A subcommand's own module (`src/cmd/create_api_key.rs`, `src/commands/configfile.rs`), not the one
 * that starts the service (`serve.rs`, `run.rs`, `start.rs`, `server.rs`, `daemon.rs`, `worker.rs`):
 * the command name, or undefined.
 */
export function oneShotCommandModule(path: string): string | undefined {
  return /(?:^|\/)(?:cmd|cmds|command|commands|subcommands?)\/(?!(?:serve|server|run|start|daemon|worker|root|mod|main)\.rs$)([\w-]+)\.rs$/.exec(path)?.[1];
}
