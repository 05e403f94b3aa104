import { type ParseArgsConfig, parseArgs } from "node:util";

type ParseArgsOptionsConfig = NonNullable<ParseArgsConfig["options"]>;

const helpOption = { help: { type: "boolean", short: "h" } } as const;

type CommandConfig<Options extends ParseArgsOptionsConfig> = {
  args: string[];
  options: Options & typeof helpOption;
  strict: true;
  allowPositionals: boolean;
};

/** Where a command writes; tests pass their own. */
export interface CommandOutput {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
}

const processOutput: CommandOutput = { stdout: process.stdout, stderr: process.stderr };

/** The option values `parseArgs` gives for `options` (and `--help`). */
export type CommandValues<Options extends ParseArgsOptionsConfig> = ReturnType<
  typeof parseArgs<CommandConfig<Options>>
>["values"];

/**
 * A command's options parsed the same way for every command: `-h`/`--help`
 * prints `help` (exit code 0); an unknown or malformed option, or an argument
 * a command without `positionals` does not take, prints why and `help` (exit
 * code 2). Otherwise the values and arguments, for the command to run with.
 */
export function parseCommand<const Options extends ParseArgsOptionsConfig>(
  command: string,
  help: string,
  args: string[],
  options: Options,
  {
    positionals = false,
    output = processOutput,
  }: { positionals?: boolean; output?: CommandOutput } = {},
): { values: CommandValues<Options>; positionals: string[] } | { exitCode: number } {
  let parsed: { values: CommandValues<Options>; positionals: string[] };
  try {
    parsed = parseArgs<CommandConfig<Options>>({
      args,
      options: { ...options, ...helpOption },
      strict: true,
      allowPositionals: positionals,
    });
  } catch (error) {
    output.stderr.write(`designpress ${command}: ${(error as Error).message}\n\n${help}\n`);
    return { exitCode: 2 };
  }
  // `help` is in every command's values; TypeScript cannot see it through the generic.
  if ((parsed.values as { help?: boolean }).help) {
    output.stdout.write(`${help}\n`);
    return { exitCode: 0 };
  }
  return parsed;
}

/**
 * The `--format` a command was given, when it is one of `formats`; otherwise
 * the usage error to print (`expected --format pretty or line, found `xml``).
 */
export function chosenFormat<const Format extends string>(
  value: string,
  formats: readonly Format[],
): { format: Format } | { error: string } {
  if ((formats as readonly string[]).includes(value)) return { format: value as Format };
  const choices = `${formats.slice(0, -1).join(", ")} or ${formats.at(-1)}`;
  return { error: `expected --format ${choices}, found \`${value}\`` };
}

/**
 * An option's value as a whole number from `min` to `max` (`undefined` when
 * not given); otherwise the usage error to print (`expected --port to be a
 * whole number from 0 to 65535, found `x``).
 */
export function wholeNumberOption(
  option: string,
  value: string | undefined,
  min: number,
  max: number,
): { value: number | undefined } | { error: string } {
  if (value === undefined) return { value: undefined };
  const number = Number(value);
  if (Number.isInteger(number) && number >= min && number <= max) return { value: number };
  return {
    error: `expected --${option} to be a whole number from ${min} to ${max}, found \`${value}\``,
  };
}
