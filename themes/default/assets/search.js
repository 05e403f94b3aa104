// The search box (designpress default theme), over the Pagefind index the
// build writes into pagefind/. Without JavaScript, or when the index does not
// load, the box stays hidden: the page has no dead control.
(() => {
  const box = document.querySelector(".site-search");
  if (!box) return;
  const input = box.querySelector(".site-search-input");
  const panel = box.querySelector(".site-search-results");
  const status = box.querySelector(".site-search-status");
  const tagSelect = box.querySelector(".site-search-tag");
  const list = box.querySelector(".site-search-list");
  const shown = 8;
  let pagefind;

  const load = () => {
    if (!pagefind) {
      const bundle = box.dataset.bundle;
      // A large site's index comes in shards: the first is the bundle, the manifest lists the others.
      const shards = fetch(`${bundle}designpress-shards.json`).then((answer) =>
        answer.ok ? answer.json() : { shards: [] },
      );
      pagefind = import(`${bundle}pagefind.js`).then(async (module) => {
        const options = { excerptLength: 24 };
        await module.options(options);
        await module.init();
        const { shards: others } = await shards;
        await Promise.all(others.map((folder) => module.mergeIndex(`${bundle}${folder}`, options)));
        const { tag = {} } = await module.filters();
        for (const name of Object.keys(tag).sort()) tagSelect.add(new Option(name, name));
        tagSelect.hidden = tagSelect.options.length < 2;
        return module;
      });
      // Once: a failed load hides the box for good.
      pagefind.catch(() => {
        box.hidden = true;
      });
    }
    return pagefind;
  };

  // Pagefind's excerpt is HTML with <mark> around the words found: keep those and the text, nothing else.
  const excerpt = (html) => {
    const span = document.createElement("span");
    span.className = "site-search-excerpt";
    const body = new DOMParser().parseFromString(html, "text/html").body;
    for (const node of body.childNodes) {
      if (node.nodeName === "MARK") {
        const mark = document.createElement("mark");
        mark.textContent = node.textContent;
        span.append(mark);
      } else span.append(node.textContent);
    }
    return span;
  };

  const hit = (data) => {
    const link = document.createElement("a");
    link.className = "site-search-hit";
    link.href = data.url;
    const title = document.createElement("span");
    title.className = "site-search-title";
    title.textContent = data.meta.title || data.url;
    link.append(title, excerpt(data.excerpt));
    const item = document.createElement("li");
    item.append(link);
    return item;
  };

  const close = () => {
    panel.hidden = true;
  };

  const search = async () => {
    const query = input.value.trim();
    if (!query) {
      close();
      return;
    }
    let module;
    try {
      module = await load();
    } catch {
      return;
    }
    const filters = tagSelect.value ? { tag: tagSelect.value } : {};
    const found = await module.debouncedSearch(query, { filters }, 200);
    // null: a newer query replaced this one.
    if (found === null || input.value.trim() !== query) return;
    const data = await Promise.all(found.results.slice(0, shown).map((result) => result.data()));
    const count = found.results.length;
    status.textContent =
      count === 0
        ? `No design matches “${query}”`
        : `${count} design${count === 1 ? "" : "s"}${count > shown ? `, the first ${shown}` : ""}`;
    list.replaceChildren(...data.map(hit));
    panel.hidden = false;
  };

  input.addEventListener("focus", () => void load().catch(() => undefined));
  input.addEventListener("input", search);
  tagSelect.addEventListener("change", search);
  // Enter opens the first result; Escape closes the list.
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !panel.hidden) list.querySelector("a")?.click();
  });
  box.addEventListener("keydown", (event) => {
    if (event.key !== "Escape" || panel.hidden) return;
    close();
    input.focus();
  });
  document.addEventListener("click", (event) => {
    if (!box.contains(event.target)) close();
  });
  box.addEventListener("focusin", () => {
    if (input.value.trim() && list.children.length > 0) panel.hidden = false;
  });
  box.hidden = false;
})();
