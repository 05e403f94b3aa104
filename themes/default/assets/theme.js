// The colour-scheme switch (designpress default theme). The page reads fine
// without it: colours follow prefers-color-scheme, and the button stays hidden.
(() => {
  const button = document.querySelector(".theme-toggle");
  if (!button) return;
  const root = document.documentElement;
  const prefersDark = window.matchMedia("(prefers-color-scheme: dark)");
  const current = () => root.dataset.theme || (prefersDark.matches ? "dark" : "light");
  const label = () => {
    const next = current() === "dark" ? "light" : "dark";
    button.setAttribute("aria-label", `Switch to the ${next} colour scheme`);
    button.title = `Switch to the ${next} colour scheme`;
  };
  button.addEventListener("click", () => {
    const next = current() === "dark" ? "light" : "dark";
    root.dataset.theme = next;
    try {
      localStorage.setItem("designpress-theme", next);
    } catch {
      // Storage refused (private mode): the choice lasts for this page only.
    }
    label();
  });
  prefersDark.addEventListener("change", label);
  label();
  button.hidden = false;
})();
