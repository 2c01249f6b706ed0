/**
 * Finds the `rampkit …` invocations in shell script text (a CI job's `run:` or `script:`), so that
 * each can be checked with `parseCommandLine` before the pipeline ever runs. This reads the common
 * subset of POSIX shell that CI scripts use: quotes, backslash line continuations, `;`, `&&`, `||`,
 * `|`, redirections, comments, `$VAR`, `$(…)` and GitHub's `${{ … }}`, which are kept as written.
 */

export interface ScriptCommand {
  /** The command as written, on one line. */
  text: string;
  /** Arguments after `rampkit`, unquoted. */
  args: string[];
}

/** `rampkit` itself, or a launcher that runs it. */
const LAUNCHERS: ReadonlyArray<readonly string[]> = [
  ['pnpm', 'exec', 'rampkit'],
  ['pnpm', 'rampkit'],
  ['yarn', 'rampkit'],
  ['npm', 'exec', '--', 'rampkit'],
  ['rampkit'],
];

export function findRampkitCommands(script: string): ScriptCommand[] {
  const found: ScriptCommand[] = [];
  for (const command of splitCommands(script)) {
    const words = command.words.slice(
      command.words.findIndex((word) => !/^[A-Za-z_][A-Za-z0-9_]*=/.test(word)),
    );
    const args = argsAfterLauncher(words);
    if (args !== undefined) found.push({ text: command.text.trim(), args });
  }
  return found;
}

function argsAfterLauncher(words: readonly string[]): string[] | undefined {
  if (words[0] === 'npx') {
    let i = 1;
    while (words[i] === '--yes' || words[i] === '-y' || words[i] === '--no-install') i++;
    if (words[i] === '-p' || words[i] === '--package') i += 2;
    const bin = words[i];
    if (bin !== undefined && (bin === 'rampkit' || bin.startsWith('@rampkit/cli'))) return words.slice(i + 1);
    return undefined;
  }
  for (const launcher of LAUNCHERS) {
    if (launcher.every((word, i) => words[i] === word)) return words.slice(launcher.length);
  }
  return undefined;
}

interface Command {
  text: string;
  words: string[];
}

/** Splits script text into simple commands, each into words with quotes removed. */
export function splitCommands(script: string): Command[] {
  const text = script.replace(/\\\r?\n/g, ' ');
  const commands: Command[] = [];
  let words: string[] = [];
  let word: string | null = null;
  let start = 0;
  /** The word after a redirection names a file, not an argument. */
  let redirected = false;
  const endWord = () => {
    if (word !== null && !redirected) words.push(word);
    if (word !== null) redirected = false;
    word = null;
  };
  const endCommand = (at: number) => {
    endWord();
    redirected = false;
    if (words.length > 0) commands.push({ text: text.slice(start, at), words });
    words = [];
    start = at + 1;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (c === "'") {
      const end = text.indexOf("'", i + 1);
      const close = end === -1 ? text.length : end;
      word = (word ?? '') + text.slice(i + 1, close);
      i = close;
    } else if (c === '"') {
      let value = '';
      let j = i + 1;
      for (; j < text.length && text[j] !== '"'; j++) {
        if (text[j] === '\\' && j + 1 < text.length && '"\\$`'.includes(text[j + 1] as string)) j++;
        value += text[j];
      }
      word = (word ?? '') + value;
      i = j;
    } else if (c === '\\' && i + 1 < text.length) {
      word = (word ?? '') + text[i + 1];
      i++;
    } else if (c === '$' && (text[i + 1] === '(' || text[i + 1] === '{')) {
      const end = matching(text, i + 1);
      word = (word ?? '') + text.slice(i, end + 1);
      i = end;
    } else if (c === '>' || c === '<') {
      // `2>` and `>>`: the descriptor and the second bracket belong to the operator.
      if (word !== null && /^\d+$/.test(word)) word = null;
      endWord();
      while (text[i + 1] === '>' || text[i + 1] === '&') i++;
      if (text[i] === '&') {
        while (/\d|-/.test(text[i + 1] ?? '')) i++;
      } else redirected = true;
    } else if (c === '#' && word === null) {
      const end = text.indexOf('\n', i);
      i = end === -1 ? text.length : end - 1;
    } else if (c === '\n' || c === ';' || c === '|' || c === '&') {
      endCommand(i);
      if ((c === '|' || c === '&') && text[i + 1] === c) {
        i++;
        start = i + 1;
      }
    } else if (c === ' ' || c === '\t' || c === '\r') {
      endWord();
    } else {
      word = (word ?? '') + c;
    }
  }
  endCommand(text.length);
  return commands;
}

/** Index of the bracket closing the one at `open` (`(`/`)` or `{`/`}`), nesting counted. */
function matching(text: string, open: number): number {
  const opening = text[open];
  const closing = opening === '(' ? ')' : '}';
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === opening) depth++;
    else if (text[i] === closing && --depth === 0) return i;
  }
  return text.length - 1;
}
