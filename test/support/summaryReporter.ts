import Mocha from 'mocha';

/**
 * Mocha's spec reporter plus one plain closing line, "N passed, N failed", that CI and
 * people can read without knowing mocha's wording.
 */
class SummaryReporter extends Mocha.reporters.Spec {
  constructor(runner: Mocha.Runner, options?: Mocha.MochaOptions) {
    super(runner, options);
    runner.once(Mocha.Runner.constants.EVENT_RUN_END, () => {
      const stats = runner.stats;
      const skipped = stats?.pending ? `, ${stats.pending} skipped` : '';
      console.log(`${stats?.passes ?? 0} passed, ${stats?.failures ?? 0} failed${skipped}`);
    });
  }
}

export = SummaryReporter;
