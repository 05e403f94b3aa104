import { type ParseArgsConfig, parseArgs } from "node:util";

type ParseArgsOptionsConfig = NonNullable<ParseArgsConfig["options"]>;

const helpOption = { help: { type: "boolean", short: "h" } } as const;

type CommandConfig<Options extends ParseArgsOptionsConfig> = {
  args: string[];
  options: Options & typeof helpOption;
  strict: true;
};

/** The option values `parseArgs` gives for `options` (and `--help`). */
export type CommandValues<Options extends ParseArgsOptionsConfig> = ReturnType<
  typeof parseArgs<CommandConfig<Options>>
>["values"];

/**
 * A command's options parsed the same way for every command: `-h`/`--help`
 * prints `help` (exit code 0); an unknown or malformed option prints why and
 * `help` (exit code 2). Otherwise the values, for the command to run with.
 */
export function parseCommand<const Options extends ParseArgsOptionsConfig>(
  command: string,
  help: string,
  args: string[],
  options: Options,
): { values: CommandValues<Options> } | { exitCode: number } {
  let values: CommandValues<Options>;
  try {
    ({ values } = parseArgs<CommandConfig<Options>>({
      args,
      options: { ...options, ...helpOption },
      strict: true,
    }));
  } catch (error) {
    console.error(`designpress ${command}: ${(error as Error).message}\n\n${help}`);
    return { exitCode: 2 };
  }
  // `help` is in every command's values; TypeScript cannot see it through the generic.
  if ((values as { help?: boolean }).help) {
    console.log(help);
    return { exitCode: 0 };
  }
  return { values };
}
