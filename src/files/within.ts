import { lstatSync, type Stats } from "node:fs";
import { copyFile, mkdir, readdir, realpath, stat } from "node:fs/promises";
import path from "node:path";

/** Whether `inner` is `outer` or inside it (paths resolved, not real paths). */
export function contains(outer: string, inner: string): boolean {
  const relative = path.relative(outer, inner);
  return relative === "" || (!relative.startsWith("..") && !path.isAbsolute(relative));
}

/**
 * A plain relative path, with `/`, that stays inside the folder it is joined
 * to: word characters, dots and hyphens, no `.` or `..` segment.
 */
export const isPlainRelativePath = (value: unknown): value is string =>
  typeof value === "string" &&
  /^[\w.-]+(\/[\w.-]+)*$/.test(value) &&
  !value.split("/").some((segment) => segment === "." || segment === "..");

/**
 * Whether `target` (or, while it does not exist, its nearest existing
 * folder) really lies inside `root`: a cache folder committed as a symlink
 * to elsewhere is neither read nor written. A `root` that does not exist yet
 * holds whatever is under its path: nothing is there, and what is made there
 * is made as folders.
 */
export async function reallyInside(root: string, target: string): Promise<boolean> {
  const realRoot = await realpath(root).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return undefined;
    throw error;
  });
  if (realRoot === undefined) return contains(path.resolve(root), path.resolve(target));
  for (let probe = target; ; probe = path.dirname(probe)) {
    const real = await realpath(probe).catch(() => undefined);
    if (real !== undefined) return contains(realRoot, real);
    if (path.dirname(probe) === probe) return false;
  }
}

/** {@link reallyInside} for the folders of one cache, each folder resolved once. */
export function insideChecker(root: string): (folder: string) => Promise<boolean> {
  const answers = new Map<string, Promise<boolean>>();
  return (folder) => {
    let answer = answers.get(folder);
    if (!answer) {
      answer = reallyInside(root, folder);
      answers.set(folder, answer);
    }
    return answer;
  };
}

/**
 * Whether a folder lies inside `root` through real folders only: no folder
 * from `root` down to it is a symlink (which could lead anywhere). One `lstat`
 * per folder, each asked once, synchronously (a build asks for a thousand in
 * a row); `root` itself is taken as it is.
 */
export function realFolderChecker(root: string): (folder: string) => boolean {
  const top = path.resolve(root);
  const answers = new Map<string, boolean>([[top, true]]);
  const check = (folder: string): boolean => {
    const known = answers.get(folder);
    if (known !== undefined) return known;
    const answer =
      contains(top, folder) &&
      check(path.dirname(folder)) &&
      (lstatIfAny(folder)?.isDirectory() ?? false);
    answers.set(folder, answer);
    return answer;
  };
  return check;
}

/** `file`'s own stats (a symlink's, not its target's), or undefined when there is none or it cannot be read. */
export function lstatIfAny(file: string): Stats | undefined {
  try {
    return lstatSync(file, { throwIfNoEntry: false });
  } catch {
    return undefined;
  }
}

/** A file to copy: where it goes (relative, with `/`) and the real file to read. */
export interface FileToCopy {
  relative: string;
  source: string;
}

/** A symlink that was not followed, and why. */
export interface RefusedLink {
  /** The link itself. */
  link: string;
  /** Where it points, when that could be resolved. */
  target?: string;
  reason: "outside" | "folder" | "broken";
}

/**
 * Every file under `dir`, sorted, as real files: a symlink counts as the file
 * it points to when that is a file inside `within` (the theme folder, the
 * content folder); one pointing at a folder (never descended), outside
 * `within`, or nowhere is refused and never read. Nothing outside `within` is
 * listed, even when `dir` itself is a link. `skip` leaves out entries by name
 * (hidden files, `node_modules`).
 */
export async function listFilesWithin(
  dir: string,
  within: string,
  skip: (name: string) => boolean = () => false,
): Promise<{ files: FileToCopy[]; refused: RefusedLink[] }> {
  const files: FileToCopy[] = [];
  const refused: RefusedLink[] = [];
  const boundary = await realpath(within).catch(() => undefined);
  const start = await realpath(dir).catch(() => undefined);
  if (boundary === undefined || start === undefined) return { files, refused };
  if (!contains(boundary, start)) {
    return { files, refused: [{ link: dir, target: start, reason: "outside" }] };
  }
  const walk = async (folder: string, relative: string) => {
    const entries = await readdir(folder, { withFileTypes: true });
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      if (skip(entry.name)) continue;
      const full = path.join(folder, entry.name);
      const to = relative ? `${relative}/${entry.name}` : entry.name;
      if (entry.isDirectory()) await walk(full, to);
      else if (entry.isFile()) files.push({ relative: to, source: full });
      else if (entry.isSymbolicLink()) {
        const link = path.join(dir, ...to.split("/"));
        const target = await realpath(full).catch(() => undefined);
        const kind = target === undefined ? undefined : await stat(target).catch(() => undefined);
        if (target === undefined || !kind) refused.push({ link, reason: "broken" });
        else if (kind.isDirectory()) refused.push({ link, target, reason: "folder" });
        else if (!contains(boundary, target)) refused.push({ link, target, reason: "outside" });
        else if (kind.isFile()) files.push({ relative: to, source: target });
      }
    }
  };
  await walk(start, "");
  return { files, refused };
}

/** Copy listed files under `targetDir`, as files (never as links). */
export async function copyFiles(files: readonly FileToCopy[], targetDir: string): Promise<void> {
  await Promise.all(
    files.map(async ({ relative, source }) => {
      const target = path.join(targetDir, ...relative.split("/"));
      await mkdir(path.dirname(target), { recursive: true });
      await copyFile(source, target);
    }),
  );
}

/**
 * Copy the files under `dir` into `targetDir` by the rule of
 * {@link listFilesWithin}, and return the links it refused (nothing is copied
 * for them).
 */
export async function copyFilesWithin(
  dir: string,
  targetDir: string,
  within: string,
): Promise<RefusedLink[]> {
  const { files, refused } = await listFilesWithin(dir, within);
  await copyFiles(files, targetDir);
  return refused;
}

/** `` `themes/x/assets/a` → `/etc/passwd` (outside `themes/x`) ``: a refused link for a message. */
export function describeRefusedLink(refused: RefusedLink, root: string, within: string): string {
  const shown = (target: string) => path.relative(root, target) || ".";
  const target = refused.target ? ` → \`${refused.target}\`` : "";
  const why =
    refused.reason === "outside"
      ? `points outside \`${shown(within)}\``
      : refused.reason === "folder"
        ? "points to a folder, which is not followed"
        : "points nowhere";
  return `\`${shown(refused.link)}\`${target} ${why}`;
}
