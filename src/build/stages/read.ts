import { readWriteup } from "../../writeup/read.js";
import { type BuildContext, ready, type Stage } from "../context.js";

/** Read every source into a file with its front matter parsed, slug and title set. */
export const readStage: Stage = {
  name: "read",
  async run(context: BuildContext) {
    const { root, contentDir, config, sources, result } = ready(context, "config", "sources");
    const extraFields = config.check.frontMatter?.extraFields;
    const files = await Promise.all(
      sources.map((source) => readWriteup(contentDir, source, root, { extraFields })),
    );
    context.files = files;
    result.files.push(...files);
  },
};
