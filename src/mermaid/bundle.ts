import { readFile } from "node:fs/promises";
import { mermaidBundlePath } from "./mermaid-package.js";

/**
 * A change to mermaid's bundle that makes it faster without changing what it
 * draws. Each one replaces one exact piece of the shipped bundle; when mermaid
 * is upgraded and the piece is gone, the bundle is served unchanged (and the
 * test that every speed-up still applies says which one to redo).
 */
interface BundleSpeedup {
  name: string;
  original: string;
  replacement: string;
}

/**
 * mermaid's `getConfig()` returns a copy of the whole configuration (about 760
 * values: every diagram type's settings and the theme's colours) made by
 * `assignWithDepth`, which copies one property at a time through
 * `Object.defineProperty`. Diagrams call it dozens of times per rendering: a
 * quarter of the time mermaid spent rendering the corpus (measured with
 * Chromium's profiler).
 *
 * The replacement gives the same result for mermaid's configuration (plain
 * data, no getters), about five times faster (33 µs a `getConfig()` instead of
 * 160, measured):
 * - a property absent from the target and from its prototypes is assigned,
 *   which creates the same own data property, rather than defined;
 * - a nested object copied into a target that did not have it yet goes
 *   straight into a new object, key by key in the same order, skipping `null`
 *   values as `assignWithDepth` does. Objects with a `__proto__` key (which
 *   assigning would turn into a prototype), arrays (which `assignWithDepth`
 *   de-duplicates) and the deepest level (`Object.assign`) keep the original
 *   path.
 *
 * `test/mermaid/bundle.test.ts` checks both against each other on edge cases
 * and on every corpus diagram, light and dark.
 */
const fasterAssignWithDepth: BundleSpeedup = {
  name: "assignWithDepth",
  original:
    'vD=s((e,t,{depth:r=2}={})=>{let n={depth:r};if(Array.isArray(t)&&!Array.isArray(e))return t.forEach(i=>vD(e,i,n)),e;if(Array.isArray(t)&&Array.isArray(e))return t.forEach(i=>{e.includes(i)||e.push(i)}),e;if(e==null||r<=0)return e!=null&&typeof e=="object"&&typeof t=="object"?Object.assign(e,t):t;if(t!=null&&typeof e=="object"&&typeof t=="object"){let i=e;Object.entries(t).forEach(([a,o])=>{if(typeof o=="object"){if(o===null)return;Object.hasOwn(e,a)||Object.defineProperty(e,a,{value:void 0,writable:!0,enumerable:!0,configurable:!0}),i[a]===void 0&&(i[a]=Array.isArray(o)?[]:{}),typeof i[a]=="object"&&(i[a]=vD(i[a],o,{depth:r-1}))}else typeof i[a]!="object"&&(Object.hasOwn(e,a)?i[a]=o:Object.defineProperty(e,a,{value:o,writable:!0,enumerable:!0,configurable:!0}))})}return e},"assignWithDepth")',
  replacement: `vD=(()=>{
const defineOwn=(target,key,value)=>Object.defineProperty(target,key,{value,writable:!0,enumerable:!0,configurable:!0});
const freshCopy=(source,depth)=>{
  if(Array.isArray(source)||depth<=0||Object.hasOwn(source,"__proto__"))return vD(Array.isArray(source)?[]:{},source,{depth});
  const copy={};
  for(const key of Object.keys(source)){
    const value=source[key];
    if(typeof value!="object")copy[key]=value;
    else if(value!==null)copy[key]=freshCopy(value,depth-1);
  }
  return copy;
};
return s((e,t,{depth:r=2}={})=>{
  let n={depth:r};
  if(Array.isArray(t)&&!Array.isArray(e))return t.forEach(i=>vD(e,i,n)),e;
  if(Array.isArray(t)&&Array.isArray(e))return t.forEach(i=>{e.includes(i)||e.push(i)}),e;
  if(e==null||r<=0)return e!=null&&typeof e=="object"&&typeof t=="object"?Object.assign(e,t):t;
  if(t!=null&&typeof e=="object"&&typeof t=="object"){
    for(const[a,o]of Object.entries(t)){
      const absent=!Object.hasOwn(e,a);
      if(typeof o=="object"){
        if(o===null)continue;
        if(absent&&!(a in e))e[a]=freshCopy(o,r-1);
        else{
          if(absent)defineOwn(e,a,void 0);
          if(e[a]===void 0)e[a]=freshCopy(o,r-1);
          else if(typeof e[a]=="object")e[a]=vD(e[a],o,{depth:r-1});
        }
      }else if(typeof e[a]!="object"){
        if(absent&&a in e)defineOwn(e,a,o);
        else e[a]=o;
      }
    }
  }
  return e;
},"assignWithDepth");
})()`,
};

export const bundleSpeedups: readonly BundleSpeedup[] = [fasterAssignWithDepth];

/** The bundle with every speed-up that finds its piece exactly once, and their names. */
export function applySpeedups(bundle: string): { bundle: string; applied: string[] } {
  let result = bundle;
  const applied: string[] = [];
  for (const speedup of bundleSpeedups) {
    const start = result.indexOf(speedup.original);
    if (start === -1 || result.indexOf(speedup.original, start + 1) !== -1) continue;
    result =
      result.slice(0, start) + speedup.replacement + result.slice(start + speedup.original.length);
    applied.push(speedup.name);
  }
  return { bundle: result, applied };
}

/** mermaid's browser bundle, sped up, as the render pages load it. */
export async function readMermaidBundle(): Promise<string> {
  return applySpeedups(await readFile(mermaidBundlePath(), "utf8")).bundle;
}
