#!/usr/bin/env node
/**
 * `leadq`: start the bot, check every edited file, rescore leads, check the Slack set-up, check
 * and try dialog scripts, run the NLU on answers.
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
    const { run } = await import('../main.js');
    await run();
  });

program
  .command('check')
  .description('validate every edited file at once (dialog scripts, scoring rules, widget, catalogue): each error as file:line:col and a hint; exit 1 on errors')
  .action(async () => {
    const [{ checkEditedFiles }, { editedFiles }, { loadConfig }] = await Promise.all([import('./check-command.js'), import('../edited-files/files.js'), import('../config.js')]);
    process.exitCode = await checkEditedFiles(Object.values(editedFiles(loadConfig())), process.stdout);
  });

program
  .command('rescore')
  .option('--dry-run', 'only list what would change (lead, old → new score, temperature, stage)')
  .description('recompute every stored lead with the current scoring rules (stages only move forward)')
  .action(async (opts: { dryRun?: boolean }) => {
    const [{ rescoreLeads }, { loadConfig }] = await Promise.all([import('./rescore-command.js'), import('../config.js')]);
    process.exitCode = await rescoreLeads(loadConfig(), opts.dryRun === true, process.stdout);
  });

program
  .command('reports')
  .description('console reports')
  .command('rebuild')
  .description('sum every stored conversation up again from its transcript (the funnel and drop-off read these summaries)')
  .action(async () => {
    const [{ rebuildReports }, { loadConfig }] = await Promise.all([import('./reports-command.js'), import('../config.js')]);
    process.exitCode = await rebuildReports(loadConfig(), process.stdout);
  });

program
  .command('console')
  .description('console set-up')
  .command('hash-password')
  .description('read a password on stdin, print its scrypt hash for CONSOLE_USERS_FILE')
  .action(async () => {
    const { hashPassword } = await import('../../adapters/console/users.js');
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    const password = Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
    if (password.length < 12) {
      process.stderr.write('The password must have at least 12 characters.\n');
      process.exitCode = 1;
      return;
    }
    process.stdout.write(`${await hashPassword(password)}\n`);
  });

program
  .command('migrate')
  .requiredOption('--to <uri>', 'MongoDB connection string (mongodb:// or mongodb+srv://)')
  .option('--db <name>', 'database name (default: MONGODB_DB, else the one in the URI)')
  .description('copy everything in the embedded store (DATA_DIR) into MongoDB, with a progress bar and counts; safe to re-run (nothing is copied twice)')
  .action(async (opts: { to: string; db?: string }) => {
    const [{ runMigrate }, { loadConfig }] = await Promise.all([import('./migrate-command.js'), import('../config.js')]);
    const config = loadConfig();
    const dbName = opts.db ?? config.mongodbDb;
    process.exitCode = await runMigrate({ dataDir: config.dataDir, to: opts.to, ...(dbName && { dbName }) }, process.stdout, process.stderr);
  });

const slack = program.command('slack').description('Slack app set-up');
slack
  .command('manifest')
  .description('print slack/manifest.yaml with PUBLIC_URL filled in, to paste into Slack\'s "create from manifest"')
  .action(async () => {
    const [{ renderManifest }, { loadConfig }] = await Promise.all([import('./slack-command.js'), import('../config.js')]);
    process.stdout.write(renderManifest(loadConfig().publicUrl));
  });
slack
  .command('check')
  .description('verify SLACK_BOT_TOKEN (auth.test), its scopes and the sales channel membership; say what is missing')
  .action(async () => {
    const [{ checkSlackSetup }, { loadConfig }] = await Promise.all([import('./slack-command.js'), import('../config.js')]);
    process.exitCode = await checkSlackSetup(loadConfig().env, process.stdout);
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
