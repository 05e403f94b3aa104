import { loadTheme, ThemeError } from "../../theme/load.js";
import { type BuildContext, BuildError, ready, type Stage } from "../context.js";

/** Find the theme and read its templates. */
export const themeStage: Stage = {
  name: "theme",
  async run(context: BuildContext) {
    const { root, config } = ready(context, "config");
    context.theme = await loadTheme(root, config.theme).catch((error: Error) => {
      throw error instanceof ThemeError ? error : new BuildError(error.message, { cause: error });
    });
  },
};
