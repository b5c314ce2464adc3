// Runs `canary baseline …` alone, for as long as cli/main.ts does not register the command yet.
import { Command } from 'commander';
import { registerBaseline } from '../../../cli/commands/baseline.ts';

const program = new Command('canary');
registerBaseline(program);
await program.parseAsync(process.argv);
