import * as assert from 'assert';
import { runInSlices, Steps, YieldToHost } from '../../src/core/search/steps';
import { TurnQueue } from '../../src/core/search/turnQueue';

/**
 * Counts turns of the event loop: an immediate queued while the check phase runs waits for the next turn, so a ticker
 * that queues itself again each time runs once per turn.
 */
function turnCounter(): { readonly turn: number; stop(): void } {
  let turn = 0;
  let stopped = false;
  const tick = () => {
    turn++;
    if (!stopped) setImmediate(tick);
  };
  setImmediate(tick);
  return { get turn() { return turn; }, stop: () => (stopped = true) };
}

/** A run of `slices` slices of one step each (sliceMs 0), noting its name and the turn of each slice. */
async function run(name: string, slices: number, log: { name: string; turn: number }[], turns: { turn: number }, yieldToHost?: YieldToHost): Promise<void> {
  function* steps(): Steps<void> {
    for (let i = 0; i < slices; i++) {
      log.push({ name, turn: turns.turn });
      if (i < slices - 1) yield;
    }
  }
  await runInSlices(steps(), { sliceMs: 0, yieldToHost });
}

/** Three runs of four slices at once, yielding through `yieldToHost`; each slice's run and turn, in the order run. */
async function threeRunsAtOnce(yieldToHost?: YieldToHost): Promise<{ name: string; turn: number }[]> {
  const log: { name: string; turn: number }[] = [];
  const turns = turnCounter();
  try {
    await Promise.all(['a', 'b', 'c'].map((name) => run(name, 4, log, turns, yieldToHost)));
  } finally {
    turns.stop();
  }
  return log;
}

describe('sliced work sharing the event loop through a TurnQueue', () => {
  it('resumes one waiting run per turn of the event loop, where setImmediate resumes them all in one', async () => {
    const shared = await threeRunsAtOnce(new TurnQueue().next);
    // The first slice of each run is run when the run starts, before any yield: all in the first turn.
    const resumed = shared.slice(3);
    assert.strictEqual(resumed.length, 9);
    assert.strictEqual(new Set(resumed.map((slice) => slice.turn)).size, 9, JSON.stringify(resumed));

    // The control: yielding with setImmediate, the three runs' slices share their turns.
    const alone = (await threeRunsAtOnce()).slice(3);
    assert.strictEqual(new Set(alone.map((slice) => slice.turn)).size, 3, JSON.stringify(alone));
  });

  it('resumes the runs in the order they asked, so they take turns', async () => {
    const log = await threeRunsAtOnce(new TurnQueue().next);
    assert.deepStrictEqual(log.map((slice) => slice.name).join(''), 'abcabcabcabc');
  });

  it('lets timers run between two slices of different runs', async () => {
    const queue = new TurnQueue();
    const order: string[] = [];
    let timerFired = false;
    const first = queue.next().then(() => {
      order.push('first');
      // Due at once: the timers phase of the next turn runs it, before the second run's slice.
      setTimeout(() => {
        timerFired = true;
        order.push('timer');
      }, 0);
      const start = performance.now();
      while (performance.now() - start < 2) { /* a slice of work, so the timer is due by the next turn */ }
    });
    const second = queue.next().then(() => order.push(`second${timerFired ? ' after the timer' : ''}`));
    assert.strictEqual(queue.length, 2);
    await Promise.all([first, second]);
    assert.deepStrictEqual(order, ['first', 'timer', 'second after the timer']);
    assert.strictEqual(queue.length, 0);
  });

  it('keeps resuming a run left alone, one turn per slice, and ends with it', async () => {
    const queue = new TurnQueue();
    const log: { name: string; turn: number }[] = [];
    const turns = turnCounter();
    try {
      await run('alone', 5, log, turns, queue.next);
    } finally {
      turns.stop();
    }
    assert.strictEqual(log.length, 5);
    assert.strictEqual(new Set(log.map((slice) => slice.turn)).size, 5);
    assert.strictEqual(queue.length, 0);
  });
});
