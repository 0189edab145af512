/**
 * Bash completion for dlan, rendered from the command table (the declarations --help renders):
 * commands after `dlan`, each command's options after `-`, file or directory names where an
 * option's value or a positional argument is a FILE, DIR or REPO, and the words of a command
 * whose argument is a choice (`lab up | down | …`). Self-contained: it needs bash, not the
 * bash-completion package's helpers. Pure; installed as
 * /usr/share/bash-completion/completions/dlan, which bash-completion loads on first use.
 */
import type { Command } from '../cli/command.js';

/** How a value is completed, from its placeholder: FILE → files, DIR or REPO → directories. */
export function valueKind(placeholder: string | undefined): 'file' | 'dir' | 'none' {
  if (!placeholder) return 'none';
  const parts = placeholder.split('|');
  if (parts.includes('FILE') || (parts.includes('DIR') && parts.length > 1)) return 'file';
  if (parts.includes('DIR') || parts.includes('REPO')) return 'dir';
  return 'none';
}

/** The positional argument of a command: choices (`up | down`), a directory, or nothing. */
export function positional(args: string | undefined): { readonly words: readonly string[] } | 'dir' | 'none' {
  if (!args) return 'none';
  const alternatives = args.split(' | ').map((a) => a.split(' ')[0]!);
  if (alternatives.length > 1 && alternatives.every((a) => /^[a-z]+$/.test(a))) return { words: alternatives };
  return /\b(DIR|REPO)\b/.test(args) ? 'dir' : 'none';
}

const compgen = { file: 'compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -f -- "$cur"))', dir: 'compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -d -- "$cur"))', none: 'COMPREPLY=()' };

function commandCase(c: Command): string[] {
  const options = Object.entries(c.options);
  const flags = [...options.flatMap(([n, o]) => [`--${n}`, ...(o.short ? [`-${o.short}`] : [])]), '--help', '-h'];
  const valued = options.filter(([, o]) => o.type === 'string');
  const pos = positional(c.args);
  const posLine = pos === 'none' ? 'COMPREPLY=()' : pos === 'dir' ? compgen.dir : `COMPREPLY=($(compgen -W "${pos.words.join(' ')}" -- "$cur"))`;
  return [
    `    ${c.name})`,
    ...(valued.length ? [
      '      case $prev in',
      ...valued.map(([n, o]) => `        --${n}${o.short ? `|-${o.short}` : ''}) ${compgen[valueKind(o.value)]}; return ;;`),
      '      esac',
    ] : []),
    `      if [[ $cur == -* ]]; then COMPREPLY=($(compgen -W "${flags.join(' ')}" -- "$cur")); else ${posLine}; fi`,
    '      ;;',
  ];
}

export function renderBashCompletion(commands: readonly Command[]): string {
  return [
    '# bash completion for dlan(1), generated from its command table (packaging/completion.ts).',
    '_dlan() {',
    '  local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}',
    '  if [[ $COMP_CWORD -eq 1 ]]; then',
    `    COMPREPLY=($(compgen -W "${commands.map((c) => c.name).join(' ')} --help --version" -- "$cur"))`,
    '    return',
    '  fi',
    '  case ${COMP_WORDS[1]} in',
    ...commands.flatMap(commandCase),
    '    *) COMPREPLY=() ;;',
    '  esac',
    '}',
    'complete -F _dlan dlan',
    '',
  ].join('\n');
}
