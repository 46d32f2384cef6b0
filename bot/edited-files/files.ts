/** The kinds of files people edit, as EditedFiles: dialog scripts, scoring rules, widget, catalogue, e-mail templates. */
import { createHash } from 'node:crypto';
import { loadScriptDir } from '../../dialogs/engine/loader.js';
import type { ScriptSet } from '../../dialogs/engine/model.js';
import { ScriptLoadError } from '../../dialogs/engine/script-error.js';
import { loadWebChannelConfig, type WebChannelConfig } from '../../adapters/web/config.js';
import type { AppConfig } from '../config.js';
import { loadCatalogue, type Catalogue } from '../nlu/qualification/index.js';
import { loadScoringRules, type ScoringRules } from '../scoring/index.js';
import { loadMailTemplates, type MailTemplates } from '../../adapters/mail/templates.js';
import type { EditedFile } from './edited-file.js';

const hashOf = (value: unknown): string => createHash('sha256').update(JSON.stringify(value)).digest('hex');

export function scriptsFile(dir: string, mainScript: string): EditedFile<ScriptSet> {
  return {
    name: 'dialog scripts',
    path: dir,
    kind: 'directory',
    async load() {
      const scripts = await loadScriptDir(dir);
      if (!scripts.entries.has(mainScript)) {
        const found = [...scripts.entries.keys()].join(', ');
        throw new ScriptLoadError([{ file: dir, line: 1, col: 1, message: `the entry script "${mainScript}.yaml" is missing`, hint: `restore it or set MAIN_SCRIPT to one of: ${found}` }]);
      }
      return scripts;
    },
    version: (scripts) => scripts.version,
  };
}

export function scoringFile(file: string): EditedFile<ScoringRules> {
  return { name: 'scoring rules', path: file, kind: 'file', load: async () => loadScoringRules(file), version: hashOf };
}

export function widgetFile(file: string, extraOrigins: readonly string[]): EditedFile<WebChannelConfig> {
  return { name: 'widget config', path: file, kind: 'file', load: () => loadWebChannelConfig(file, extraOrigins), version: hashOf };
}

export function catalogueFile(file: string): EditedFile<Catalogue> {
  return { name: 'project catalogue', path: file, kind: 'file', load: async () => loadCatalogue(file), version: hashOf };
}

export function mailTemplatesDir(dir: string): EditedFile<MailTemplates> {
  return { name: 'e-mail templates', path: dir, kind: 'directory', load: () => loadMailTemplates(dir), version: (t) => hashOf([...t]) };
}

/** Every edited file of this configuration, in the order `leadq check` reports them. */
export function editedFiles(config: AppConfig) {
  return {
    scripts: scriptsFile(config.scriptsDir, config.mainScript),
    scoring: scoringFile(config.scoringFile),
    widget: widgetFile(config.widgetFile, config.widgetAllowedOrigins),
    catalogue: catalogueFile(config.catalogueFile),
    mail: mailTemplatesDir(config.mailTemplatesDir),
  };
}
