// The CLI from source, as `bin/designpress.js` runs the compiled one.
import { main } from "../../../src/cli/main.js";

process.exitCode = await main(process.argv.slice(2));
