// Ends every run with the tests it skipped, each with the reason its title gives (a tool the machine
// lacks), then one plain line, "N passed, N failed, N skipped", that any CI log reader understands.
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const skippedTitles = results.testResults.flatMap((file) =>
      file.testResults
        .filter((test) => test.status === "pending" || test.status === "todo")
        .map((test) => `  ${[...test.ancestorTitles, test.title].join(" › ")}`),
    );
    const skipped = results.numPendingTests + results.numTodoTests;
    const list = skippedTitles.length > 0 ? `\nSkipped, and why:\n${skippedTitles.join("\n")}\n` : "";
    process.stdout.write(
      `${list}\njest: ${results.numPassedTests} passed, ${results.numFailedTests} failed, ${skipped} skipped\n`,
    );
  }
}

module.exports = SummaryReporter;
