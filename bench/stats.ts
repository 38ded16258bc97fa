// Small helpers shared by the benchmark's parts.

export interface Stats {
  median: number;
  p95: number;
  max: number;
  count: number;
}

/** Median, 95th percentile (nearest rank) and maximum. */
export function stats(values: readonly number[]): Stats {
  if (!values.length) return { median: NaN, p95: NaN, max: NaN, count: 0 };
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { median, p95: rank(0.95), max: sorted[sorted.length - 1], count: sorted.length };
}

export function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

/** Heap plus ArrayBuffers (typed arrays live outside the JS heap), in bytes. */
export function memoryInUse(): number {
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.arrayBuffers;
}

export const MB = 1024 * 1024;

export function fmt(value: number, digits = 1): string {
  if (!Number.isFinite(value)) return '–';
  if (Math.abs(value) >= 100) return value.toFixed(0);
  return value.toFixed(digits);
}

export function sizeLabel(size: number): string {
  return size >= 1000 ? `${size / 1000}k` : String(size);
}

/**
 * Runs a part of the benchmark in a fresh Node process and returns the JSON it prints last: a TypeScript file
 * through tsx, or a bundled JavaScript file (`.js`) in plain Node.
 */
export async function runChild<T>(args: string[], timeoutMs = 15 * 60_000): Promise<T> {
  const { spawn } = await import('child_process');
  return new Promise<T>((resolve, reject) => {
    const loader = args[0].endsWith('.js') ? [] : ['--import', 'tsx'];
    const child = spawn(process.execPath, ['--expose-gc', ...loader, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      const last = out.trim().split('\n').pop() ?? '';
      try {
        if (code !== 0) throw new Error(`exit code ${code}`);
        resolve(JSON.parse(last) as T);
      } catch (error) {
        reject(new Error(`${args.join(' ')} failed: ${(error as Error).message}\n${out.slice(-2000)}`));
      }
    });
  });
}
