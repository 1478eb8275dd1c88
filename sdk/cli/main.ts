// `t2` command line (yargs). Each command lives in sdk/cli/commands/.
import yargs from "yargs";
import { hideBin } from "yargs/helpers";
import { workerCommand } from "./commands/worker.ts";
import { dataCommand } from "./commands/data.ts";
import { trainCommand } from "./commands/train.ts";
import { backtestCommand } from "./commands/backtest.ts";
import { modelsCommand } from "./commands/models.ts";
import { serveCommand } from "./commands/serve.ts";
import { dailyCommand } from "./commands/daily.ts";
import { evidenceCommand } from "./commands/evidence.ts";
import { retrainCommand } from "./commands/retrain.ts";
import { ablateCommand, experimentsCommand, tuneCommand } from "./commands/tune.ts";

const cli = yargs(hideBin(process.argv))
  .scriptName("t2")
  .usage("$0 <command> [options]")
  .command(workerCommand)
  .command(dataCommand)
  .command(trainCommand)
  .command(backtestCommand)
  .command(modelsCommand)
  .command(serveCommand)
  .command(dailyCommand)
  .command(evidenceCommand)
  .command(retrainCommand)
  .command(tuneCommand)
  .command(ablateCommand)
  .command(experimentsCommand)
  .demandCommand(1, "name a command (see t2 --help)")
  .strict()
  .fail((msg, err, y) => {
    if (err) {
      console.error(`t2: ${err.message}`);
    } else {
      console.error(y.help().toString());
      console.error(`\nt2: ${msg}`);
    }
    process.exit(1);
  })
  .help();

try {
  await cli.parseAsync();
} catch (e) {
  // A synchronous handler's error leaves parseAsync without passing through .fail(): same one-line message.
  console.error(`t2: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
}
