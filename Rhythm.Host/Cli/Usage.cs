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
          trigger    GROUP: the running host starts the group now (its dependencies still apply)
                     --force          start it even if its dependencies are not met
          pause      GROUP | --all: the running host pauses groups; a pause outlives restarts
          resume     GROUP | --all: the running host resumes paused groups
          install    run this program on jobs.json as a service (systemd unit, Windows service)
                     --user NAME      the account it runs as (default: rhythm; NT SERVICE\rhythm on Windows)
                     --print          show what would be installed, change nothing
          uninstall  stop and remove the service (jobs.json, store and logs stay)
                     --print          show what would be run, change nothing

        --jobs PATH  the jobs file (default ./jobs.json); the store path comes from it
        trigger, pause and resume reach the host running that file through its loopback control endpoint
        (announced in jobs.control.json beside it); they exit 1 when no host runs it, 2 for an unknown group

        """;
}
