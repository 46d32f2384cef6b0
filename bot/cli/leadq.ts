#!/usr/bin/env node
/**
 * `leadq`: start the bot, check and try dialog scripts, run the NLU on answers.
 */
import '../../core/quiet.js';
import { Command, InvalidArgumentError } from 'commander';
import type { Locale } from '../../core/lead/model.js';
import { isKnownSlot } from '../nlu/registry.js';

function locale(value: string): Locale {
  if (value !== 'fr' && value !== 'en') throw new InvalidArgumentError('locale must be "fr" or "en"');
  return value;
}

const program = new Command()
  .name('leadq')
  .description('Conversational lead qualifier: website widget and Slack bot that captures, scores and qualifies leads');

program
  .command('start')
  .description('start the bot (PORT, DATA_DIR, MONGODB_URI… from the environment)')
  .action(async () => {
    const { start } = await import('../main.js');
    await start();
  });

const dialogs = program.command('dialogs').description('dialog scripts for bot designers');
dialogs
  .command('check')
  .argument('[files...]', 'script files (default: every script in dialogs/scripts)')
  .description('validate scripts; every error with file:line:col and a fix hint')
  .action(async (files: string[]) => {
    const { checkScripts } = await import('./dialogs-command.js');
    process.exitCode = await checkScripts(files);
  });
dialogs
  .command('chat')
  .argument('<script>', 'script file to talk to')
  .option('--locale <locale>', 'fr or en', locale, 'fr' as Locale)
  .description('talk to a script in the terminal, no server needed')
  .action(async (file: string, opts: { locale: Locale }) => {
    const { chatScript } = await import('./dialogs-command.js');
    await chatScript(file, opts.locale);
  });

program
  .command('nlu')
  .argument('<slot>', 'slot to extract (email, phone, timeline, budget, motivation…)')
  .option('--locale <locale>', 'fr or en', locale, 'fr' as Locale)
  .description('one answer per stdin line → one JSON object per stdout line: {"text":…, "value":…}')
  .action(async (slot: string, opts: { locale: Locale }) => {
    if (!isKnownSlot(slot)) program.error(`unknown slot "${slot}"`);
    const { runNlu } = await import('./nlu-command.js');
    await runNlu(slot, opts.locale, process.stdin, process.stdout);
  });

await program.parseAsync();
