/**
 * A jest reporter: at the end of a run, one plain summary of the checks that did not run because a
 * piece of the test set-up is missing (../shared, promtool, kubectl), and the one command that makes
 * each run. Such tests are skipped with a title `missing <piece>: <what it checks>` (see
 * test/support/shared.ts); under CI=true they fail instead, so nothing stops running unnoticed there.
 * Plain JavaScript: jest loads reporters untransformed.
 */

/** What makes each missing piece available. */
const REMEDIES = {
  '../shared':
    'npm run fetch:test-data   (downloads the same upstream CRDs, chart packages and values into .cache/shared, which the tests read when ../shared is absent)',
  promtool: "npm run fetch:promtool   (unpacks Debian's prometheus package into .build/promtool, as CI does)",
  kubectl: 'install kubectl (its built-in kustomize builds each dist/ folder)',
};

const MISSING = /^missing ([^:]+): (.*)$/;

class SkipSummaryReporter {
  onRunComplete(_contexts, results) {
    const byPiece = new Map();
    for (const file of results.testResults) {
      for (const test of file.testResults) {
        const match = test.status === 'pending' ? MISSING.exec(test.title) : null;
        if (!match) continue;
        const [, piece, what] = match;
        const suite = test.ancestorTitles.join(' › ');
        if (!byPiece.has(piece)) byPiece.set(piece, new Set());
        byPiece.get(piece).add(suite ? `${suite} (${what})` : what);
      }
    }
    if (byPiece.size === 0) return;
    const lines = ['', 'Did not run (a piece of the test set-up is missing; CI has them all):'];
    for (const [piece, suites] of byPiece) {
      lines.push(`  without ${piece}: ${[...suites].join('; ')}`);
      lines.push(`    to run them: ${REMEDIES[piece] ?? `provide ${piece}`}`);
    }
    process.stderr.write(`${lines.join('\n')}\n`);
  }
}

module.exports = SkipSummaryReporter;
