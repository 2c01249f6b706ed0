/**
 * Reads a declarative Jenkinsfile far enough to check it: a tokenizer for the Groovy it uses
 * (comments, the four string forms, numbers, words, punctuation) and a tree of brace blocks, each
 * with the tokens that head it (`stage ( 'Build' )`, `post`, `failure`). Unbalanced braces or
 * parentheses, an unterminated string or comment are errors naming the line, so a broken file
 * fails the test rather than parsing into something that passes.
 */

export type Token =
  | { kind: 'word'; text: string; line: number }
  | { kind: 'string'; text: string; line: number; interpolated: boolean }
  | { kind: 'number'; text: string; line: number }
  | { kind: 'punct'; text: string; line: number }
  | { kind: 'newline'; text: '\n'; line: number };

export interface Block {
  /** The tokens of the statement the block belongs to, up to its `{`. */
  head: Token[];
  /** Statements and blocks in order; a statement is its tokens without newlines. */
  items: Array<Block | Token[]>;
  line: number;
}

export interface JenkinsStage {
  name: string;
  /** Path of stage names from the top (`['Tests', 'Unit tests']`). */
  path: string[];
  block: Block;
}

export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let line = 1;
  const fail = (message: string): never => {
    throw new Error(`Jenkinsfile line ${line}: ${message}`);
  };
  while (i < source.length) {
    const c = source[i] as string;
    if (c === '\n') {
      tokens.push({ kind: 'newline', text: '\n', line });
      line++;
      i++;
    } else if (c === ' ' || c === '\t' || c === '\r') {
      i++;
    } else if (c === '\\' && source[i + 1] === '\n') {
      i += 2;
      line++;
    } else if (source.startsWith('//', i)) {
      while (i < source.length && source[i] !== '\n') i++;
    } else if (source.startsWith('/*', i)) {
      const end = source.indexOf('*/', i + 2);
      if (end < 0) fail('unterminated /* comment');
      line += countLines(source.slice(i, end));
      i = end + 2;
    } else if (c === "'" || c === '"') {
      const start = line;
      const triple = source.startsWith(c.repeat(3), i);
      const quote = triple ? c.repeat(3) : c;
      i += quote.length;
      let text = '';
      for (;;) {
        if (i >= source.length) fail(`unterminated string opened on line ${start}`);
        if (source.startsWith(quote, i)) break;
        const d = source[i] as string;
        if (d === '\n') {
          if (!triple) fail('newline in a one-line string');
          line++;
        }
        if (d === '\\') {
          const next = source[i + 1];
          if (next === '\n') {
            // Groovy drops a backslash-newline from a string: the lines are joined.
            line++;
          } else text += ESCAPES[next as string] ?? `\\${next}`;
          i += 2;
        } else if (c === '"' && d === '$' && source[i + 1] === '{') {
          let depth = 0;
          const open = i;
          do {
            if (i >= source.length) fail('unterminated interpolation in a "…" string');
            if (source[i] === '{') depth++;
            else if (source[i] === '}') depth--;
            i++;
          } while (depth > 0);
          text += source.slice(open, i);
        } else {
          text += d;
          i++;
        }
      }
      i += quote.length;
      tokens.push({ kind: 'string', text, line: start, interpolated: c === '"' });
    } else if (/[0-9]/.test(c)) {
      const match = /^[0-9]+(\.[0-9]+)?/.exec(source.slice(i)) as RegExpExecArray;
      tokens.push({ kind: 'number', text: match[0], line });
      i += match[0].length;
    } else if (/[A-Za-z_$]/.test(c)) {
      const match = /^[A-Za-z_$][A-Za-z0-9_$]*/.exec(source.slice(i)) as RegExpExecArray;
      tokens.push({ kind: 'word', text: match[0], line });
      i += match[0].length;
    } else {
      const two = source.slice(i, i + 2);
      const text = ['==', '!=', '->', '&&', '||', '<=', '>='].includes(two) ? two : c;
      if (!/^[{}()[\],:.=<>!&|+\-*/?;]+$/.test(text)) fail(`unexpected character ${JSON.stringify(c)}`);
      tokens.push({ kind: 'punct', text, line });
      i += text.length;
    }
  }
  return tokens;
}

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', '\\': '\\', "'": "'", '"': '"', $: '$' };

function countLines(text: string): number {
  return text.split('\n').length - 1;
}

/** The file as one block of statements and nested blocks. */
export function parseBlocks(tokens: readonly Token[]): Block {
  const root: Block = { head: [], items: [], line: 1 };
  const stack: Block[] = [root];
  let statement: Token[] = [];
  let parens = 0;
  const flush = () => {
    if (statement.length > 0) (stack.at(-1) as Block).items.push(statement);
    statement = [];
  };
  for (const token of tokens) {
    if (token.kind === 'punct' && (token.text === '(' || token.text === '[')) parens++;
    if (token.kind === 'punct' && (token.text === ')' || token.text === ']')) {
      parens--;
      if (parens < 0) throw new Error(`Jenkinsfile line ${token.line}: unbalanced ${token.text}`);
    }
    if (token.kind === 'newline') {
      // Inside parentheses a statement goes on over several lines.
      if (parens === 0) flush();
    } else if (token.kind === 'punct' && token.text === '{') {
      const block: Block = { head: statement, items: [], line: token.line };
      (stack.at(-1) as Block).items.push(block);
      stack.push(block);
      statement = [];
    } else if (token.kind === 'punct' && token.text === '}') {
      flush();
      if (stack.length === 1) throw new Error(`Jenkinsfile line ${token.line}: unbalanced }`);
      stack.pop();
    } else {
      statement.push(token);
    }
  }
  flush();
  if (stack.length > 1)
    throw new Error(`Jenkinsfile: block opened on line ${(stack.at(-1) as Block).line} never closes`);
  if (parens !== 0) throw new Error('Jenkinsfile: unbalanced parentheses');
  return root;
}

export function isBlock(item: Block | Token[]): item is Block {
  return !Array.isArray(item);
}

/** The direct child blocks headed by `word` (`stages`, `post`, `failure`). */
export function childBlocks(block: Block, word: string): Block[] {
  return block.items.filter(
    (item): item is Block => isBlock(item) && item.head[0]?.kind === 'word' && item.head[0].text === word,
  );
}

export function onlyChild(block: Block, word: string): Block {
  const found = childBlocks(block, word);
  if (found.length !== 1)
    throw new Error(`expected one \`${word} { … }\` on line ${block.line}, found ${found.length}`);
  return found[0] as Block;
}

/** `stage('name') { … }`: its name, or undefined for any other block. */
function stageName(block: Block): string | undefined {
  const [word, open, name, close] = block.head;
  if (word?.kind !== 'word' || word.text !== 'stage') return undefined;
  if (open?.text !== '(' || name?.kind !== 'string' || close?.text !== ')' || block.head.length !== 4)
    throw new Error(`Jenkinsfile line ${block.line}: a stage is written stage('name') { … }`);
  return name.text;
}

/** Every stage of a `stages { … }` block in order, nested `parallel` and `stages` ones after their parent. */
export function stagesOf(stages: Block, path: string[] = []): JenkinsStage[] {
  const found: JenkinsStage[] = [];
  for (const item of stages.items) {
    if (!isBlock(item))
      throw new Error(`Jenkinsfile line ${item[0]?.line}: only stages belong in stages { … }`);
    const name = stageName(item);
    if (name === undefined)
      throw new Error(`Jenkinsfile line ${item.line}: only stages belong in stages { … }`);
    const here = [...path, name];
    found.push({ name, path: here, block: item });
    for (const nested of [...childBlocks(item, 'parallel'), ...childBlocks(item, 'stages')])
      found.push(...stagesOf(nested, here));
  }
  return found;
}

/** Every token of a block and its children, in order. */
export function tokensOf(block: Block): Token[] {
  return block.items.flatMap((item) => (isBlock(item) ? [...item.head, ...tokensOf(item)] : item));
}

/**
 * The shell scripts of `sh` steps in a block: `sh 'script'`, `sh '''…'''`, `sh(script: '…', …)`.
 * An interpolated ("…") script is refused: Groovy would expand its `$VARS` before the shell sees them.
 */
export function shScripts(block: Block): string[] {
  const tokens = tokensOf(block);
  const scripts: string[] = [];
  tokens.forEach((token, index) => {
    if (token.kind !== 'word' || token.text !== 'sh') return;
    const next = tokens[index + 1];
    let script: Token | undefined;
    if (next?.kind === 'string') script = next;
    else if (next?.text === '(') {
      const first = tokens[index + 2];
      if (first?.kind === 'string') script = first;
      else {
        let depth = 0;
        for (let j = index + 1; j < tokens.length; j++) {
          const t = tokens[j] as Token;
          if (t.text === '(') depth++;
          if (t.text === ')' && --depth === 0) break;
          if (depth === 1 && t.kind === 'word' && t.text === 'script' && tokens[j + 1]?.text === ':')
            script = tokens[j + 2];
        }
      }
    }
    if (script?.kind !== 'string')
      throw new Error(`Jenkinsfile line ${token.line}: sh without a script string`);
    if (script.interpolated)
      throw new Error(
        `Jenkinsfile line ${token.line}: sh with a "…" script; use '…' so the shell expands $VARS`,
      );
    scripts.push(script.text);
  });
  return scripts;
}

/** Whether a block calls `word` as a step (`input message: …`, `error(…)`). */
export function callsStep(block: Block, word: string): boolean {
  return tokensOf(block).some((token, index, all) => {
    const next = all[index + 1];
    return token.kind === 'word' && token.text === word && (next?.text === '(' || next?.kind === 'word');
  });
}

/** The `case N:` labels of `switch` statements in a block. */
export function switchCases(block: Block): number[] {
  const tokens = tokensOf(block);
  const cases: number[] = [];
  tokens.forEach((token, index) => {
    const value = tokens[index + 1];
    if (
      token.kind === 'word' &&
      token.text === 'case' &&
      value?.kind === 'number' &&
      tokens[index + 2]?.text === ':'
    )
      cases.push(Number(value.text));
  });
  return cases;
}
