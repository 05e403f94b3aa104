// The contents of a writeup (designpress default theme). The page reads fully
// without this script: it only marks the section in view in the sidebar, and
// opens the collapsed contents when the "Contents" link leads to them.
(() => {
  const links = new Map();
  for (const link of document.querySelectorAll(".sidebar .toc a[href^='#']")) {
    links.set(decodeURIComponent(link.hash.slice(1)), link);
  }
  const headings = [...links.keys()]
    .map((id) => document.getElementById(id))
    .filter((heading) => heading !== null);
  let current;
  const mark = () => {
    // The last heading above the upper third of the window is the section being read.
    const line = window.innerHeight / 3;
    let active = headings[0];
    for (const heading of headings) {
      if (heading.getBoundingClientRect().top <= line) active = heading;
      else break;
    }
    const link = active && links.get(active.id);
    if (link === current) return;
    current?.removeAttribute("aria-current");
    link?.setAttribute("aria-current", "location");
    current = link;
  };
  if (headings.length > 0) {
    let queued = false;
    const schedule = () => {
      if (queued) return;
      queued = true;
      requestAnimationFrame(() => {
        queued = false;
        mark();
      });
    };
    addEventListener("scroll", schedule, { passive: true });
    addEventListener("resize", schedule, { passive: true });
    mark();
  }

  const contents = document.getElementById("contents");
  const open = () => {
    if (contents && location.hash === "#contents") contents.open = true;
  };
  addEventListener("hashchange", open);
  document.querySelector(".contents-link")?.addEventListener("click", () => {
    if (contents) contents.open = true;
  });
  open();
})();
