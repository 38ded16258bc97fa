import * as assert from 'assert';
import { CancellableRun, CancelledError, runInSlices, Steps } from '../../src/core/search/steps';

/** Steps that never end on their own. */
function* endless(): Steps<number> {
  for (;;) yield;
}

describe('work in slices that can be dropped', () => {
  it('rejects with CancelledError at the next slice once cancelled, and says it was cancelled', async () => {
    const run = new CancellableRun((token) => runInSlices(endless(), { sliceMs: 1, token }));
    assert.strictEqual(run.cancelled, false);
    run.cancel();
    assert.strictEqual(run.cancelled, true);
    await assert.rejects(run.done, CancelledError);
  });

  it('handles the rejection of a run no one waits for', async () => {
    const unhandled: unknown[] = [];
    const listener = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', listener);
    try {
      new CancellableRun((token) => runInSlices(endless(), { sliceMs: 1, token })).cancel();
      await new Promise((resolve) => setTimeout(resolve, 20));
      assert.deepStrictEqual(unhandled, []);
    } finally {
      process.off('unhandledRejection', listener);
    }
  });

  it('gives the result of a run that was not cancelled', async () => {
    function* counted(): Steps<number> {
      for (let i = 0; i < 1000; i++) yield;
      return 1000;
    }
    assert.strictEqual(await new CancellableRun((token) => runInSlices(counted(), { token })).done, 1000);
  });
});
