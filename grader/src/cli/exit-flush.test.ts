// The CLI exits only after its output has drained: a result larger than a pipe's buffer (64 KiB)
// used to be cut short when the reader was slower than the CLI's process.exit().
import { spawn } from 'node:child_process';
import path from 'node:path';

const graderRoot = path.resolve(__dirname, '..', '..');

it('exitWhenFlushed delivers all of a large output through a slow pipe, with the exit code', async () => {
  const size = 1 << 20;
  const child = spawn(process.execPath, ['--import', 'tsx', '-e', `const m = require('./src/cli/main.ts'); process.stdout.write('x'.repeat(${size}) + '\\n'); m.exitWhenFlushed(3);`], {
    cwd: graderRoot,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
  let received = 0;
  child.stdout.on('data', (c: Buffer) => (received += c.length));
  // Read nothing for a while: the CLI reaches its exit with most of the output still queued.
  child.stdout.pause();
  await new Promise((r) => setTimeout(r, 1500));
  child.stdout.resume();
  const code = await closed;
  expect({ code, received }).toEqual({ code: 3, received: size + 1 });
}, 30_000);
