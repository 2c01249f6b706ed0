import { spawn } from 'node:child_process';

/**
 * What a terminal shows of a program's output: enough of a VT100 for the CLI's live progress, which
 * redraws its block with "cursor to the start of N lines up" (CSI N F) and "erase below" (CSI J).
 * Colours and other SGR codes are dropped; the screen keeps every line (scrollback included).
 */
export class Screen {
  readonly lines: string[] = [''];
  #row = 0;
  #col = 0;
  #pending = '';

  write(chunk: string): void {
    const text = this.#pending + chunk;
    this.#pending = '';
    for (let i = 0; i < text.length; i++) {
      const char = text[i] as string;
      if (char === '\u001b') {
        const csi = readCsi(text, i);
        if (csi === 'cut') {
          // A sequence cut between two chunks waits for the next one.
          this.#pending = text.slice(i);
          return;
        }
        if (csi !== null) {
          this.#control(csi.command, csi.n);
          i = csi.end - 1;
        }
      } else if (char === '\n') {
        this.#row += 1;
        this.#col = 0;
        if (this.#row === this.lines.length) this.lines.push('');
      } else if (char === '\r') {
        this.#col = 0;
      } else {
        const line = this.lines[this.#row] as string;
        this.lines[this.#row] = line.slice(0, this.#col).padEnd(this.#col) + char + line.slice(this.#col + 1);
        this.#col += 1;
      }
    }
  }

  text(): string {
    return this.lines.join('\n');
  }

  #control(command: string, n: number): void {
    if (command === 'F') {
      this.#row = Math.max(0, this.#row - n);
      this.#col = 0;
    } else if (command === 'A') {
      this.#row = Math.max(0, this.#row - n);
    } else if (command === 'J') {
      this.lines[this.#row] = (this.lines[this.#row] as string).slice(0, this.#col);
      this.lines.length = this.#row + 1;
    } else if (command === 'K') {
      this.lines[this.#row] = (this.lines[this.#row] as string).slice(0, this.#col);
    }
  }
}

/** `ESC [ params letter` at `start`: its letter and first number; 'cut' when the text ends inside it. */
function readCsi(text: string, start: number): { command: string; n: number; end: number } | 'cut' | null {
  if (start + 1 >= text.length) return 'cut';
  if (text[start + 1] !== '[') return null;
  let i = start + 2;
  while (i < text.length && '0123456789;?'.includes(text[i] as string)) i++;
  if (i >= text.length) return 'cut';
  const command = text[i] as string;
  if (!/[A-Za-z]/.test(command)) return null;
  const n = Number.parseInt(text.slice(start + 2, i).split(';')[0] || '1', 10);
  return { command, n: Number.isNaN(n) ? 1 : n, end: i + 1 };
}

export interface TerminalRun {
  code: number | null;
  /** The screen when the program ended. */
  screen: Screen;
}

/**
 * Runs a shell command on a pseudo-terminal (util-linux `script`) of `columns` × 50, and calls
 * `watch` with the screen after every chunk of output, so a caller can catch a live block that is
 * later redrawn.
 */
export function runOnTerminal(
  command: string,
  options: {
    cwd: string;
    env: NodeJS.ProcessEnv;
    columns: number;
    timeoutMs: number;
    watch: (screen: Screen) => void;
  },
): Promise<TerminalRun> {
  return new Promise((resolve, reject) => {
    const screen = new Screen();
    const child = spawn(
      'script',
      ['-qefc', `stty cols ${options.columns} rows 50; ${command}`, '/dev/null'],
      {
        cwd: options.cwd,
        env: options.env,
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs);
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      screen.write(chunk);
      options.watch(screen);
    });
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, screen });
    });
  });
}
