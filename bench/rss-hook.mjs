// Preloaded with --import: prints the process's peak RSS on exit, for the benchmarks.
process.on('exit', () => {
  process.stderr.write(`\nKZT_BENCH_MAXRSS_KB=${process.resourceUsage().maxRSS}\n`);
});
