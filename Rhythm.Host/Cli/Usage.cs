namespace Rhythm.Host.Cli;

internal static class Usage
{
    public const string Text = """
        usage: rhythm [VERB] [--jobs PATH] [options]

          run        run the schedule until Ctrl+C or service stop (the default verb)
                     --dry-run        log each step instead of running it
          validate   check jobs.json: exit 0 with a summary, or 2 with every problem
          status     every group: schedule, state, next fire, last outcome, interval
                     --json           machine-readable (shape in README)
          history    recent runs, newest first
                     --group NAME  --limit N (default 20)  --json
          simulate   the timeline the engine would play, on virtual time, running nothing
                     --hours 24  --load idle|busy|workday|FILE.csv  --from HH:mm  --json
          metrics    the load time series: --since 1h (default)  --json | --csv

        --jobs PATH  the jobs file (default ./jobs.json); the store path comes from it

        """;
}
