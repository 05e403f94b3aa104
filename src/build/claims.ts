import type { Claim } from "./emitters/types.js";

/** Two claims on one output path (or a path and a folder it needs). */
export interface Collision {
  /** The claim that is turned down: the content file, when one is involved. */
  claim: Claim;
  /** The claim it collides with. */
  other: Claim;
  /** `b/index.html`, or `tags/` when a content file would land in a claimed folder. */
  at: string;
}

/**
 * Every collision among the claims of all emitters, sorted by path: one path
 * claimed twice; a file claimed where another claim needs a folder (`b` and
 * `b/index.html`); a content file inside a folder an emitter fills. Emitters
 * may share folders; content files may not. None means one owner per path,
 * whatever order the file system lists things in.
 */
export function findCollisions(claims: readonly Claim[]): Collision[] {
  const sorted = [...claims].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const files = new Map<string, Claim>();
  const folders = new Map<string, Claim>();
  const collisions: Collision[] = [];
  const collide = (claim: Claim, other: Claim, at: string) => {
    // The content file is the one to move; between emitters, the later one.
    const [turnedDown, kept] =
      other.fromContent && !claim.fromContent ? [other, claim] : [claim, other];
    collisions.push({ claim: turnedDown, other: kept, at });
  };
  for (const claim of sorted) {
    const same = files.get(claim.path) ?? folders.get(claim.path);
    if (same) {
      collide(claim, same, claim.path);
      continue;
    }
    (claim.folder ? folders : files).set(claim.path, claim);
  }
  for (const claim of sorted) {
    const segments = claim.path.split("/");
    for (let length = 1; length < segments.length; length++) {
      const ancestor = segments.slice(0, length).join("/");
      const file = files.get(ancestor);
      const folder = folders.get(ancestor);
      if (file) collide(claim, file, ancestor);
      else if (folder && claim.fromContent) collide(claim, folder, `${ancestor}/`);
      else continue;
      break;
    }
  }
  return collisions.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
}
